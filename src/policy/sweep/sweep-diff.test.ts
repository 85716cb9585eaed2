import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { AllowedAction } from './sweep.ts'
import { newlyAllowed } from './sweep-diff.ts'

const allowed = (action: string, ...resources: string[]): AllowedAction => ({
  action,
  service: action.split(':')[0] ?? '',
  accessLevel: 'Read',
  resources,
  conditional: false,
})

test('nothing is new against itself', () => {
  const sweep = [allowed('s3:GetObject', 'arn:aws:s3:::a/*'), allowed('s3:PutObject', '*')]
  assert.deepEqual(newlyAllowed(sweep, sweep), [])
})

test('a new action is whole; a wider resource of a known action is a pair', () => {
  // given an identity that could read one prefix
  const before = [allowed('s3:GetObject', 'arn:aws:s3:::a/reports/*')]
  // when it may read the bucket and write too
  const after = [
    allowed('s3:GetObject', 'arn:aws:s3:::a/*'),
    allowed('s3:PutObject', 'arn:aws:s3:::a/*'),
  ]
  // then both are new, and only PutObject was not allowed at all before
  assert.deepEqual(newlyAllowed(before, after), [
    { action: 's3:GetObject', resource: 'arn:aws:s3:::a/*', whole: false },
    { action: 's3:PutObject', resource: 'arn:aws:s3:::a/*', whole: true },
  ])
  // and narrowing back is not a broadening
  assert.deepEqual(newlyAllowed(after, before), [])
})
