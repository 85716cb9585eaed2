import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sameDocument } from './documents.ts'

test('strings and one-element lists, and list order, do not make documents differ', () => {
  const ours = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: ['arn:aws:s3:::b/*'] },
    ],
  }
  const theirs = {
    Version: '2012-10-17',
    Statement: {
      Resource: 'arn:aws:s3:::b/*',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
    },
  }
  assert.ok(sameDocument(ours, theirs))
})

test('a changed resource, an added condition or a reordered statement list are differences', () => {
  const base = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
  }
  assert.ok(
    !sameDocument(base, {
      ...base,
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::c/*' }],
    }),
  )
  assert.ok(
    !sameDocument(base, {
      ...base,
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::b/*',
          Condition: { Bool: { 'aws:SecureTransport': 'true' } },
        },
      ],
    }),
  )
  const two = [
    { Effect: 'Allow', Action: 'a:b', Resource: '*' },
    { Effect: 'Deny', Action: 'a:c', Resource: '*' },
  ]
  assert.ok(!sameDocument({ Statement: two }, { Statement: [...two].reverse() }))
})

test('condition values compare as sets, and numbers as their text', () => {
  const a = {
    Statement: [
      {
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
        Condition: { NumericLessThan: { 's3:max-keys': 10 }, StringEquals: { k: ['x', 'y'] } },
      },
    ],
  }
  const b = {
    Statement: [
      {
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
        Condition: { StringEquals: { k: ['y', 'x'] }, NumericLessThan: { 's3:max-keys': '10' } },
      },
    ],
  }
  assert.ok(sameDocument(a, b))
})
