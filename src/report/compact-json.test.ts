import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { compactJson } from './compact-json.ts'

test('the output is always the JSON of the value', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.integer({ min: 10, max: 120 }), (value, width) => {
      assert.deepEqual(JSON.parse(compactJson(value, width)), JSON.parse(JSON.stringify(value)))
    }),
  )
})

test('short arrays stay on one line; long objects break', () => {
  const statement = {
    Effect: 'Allow',
    Action: ['s3:PutObject', 's3:PutObjectAcl'],
    Resource: ['arn:aws:s3:::b/*'],
  }
  assert.equal(
    compactJson({ Version: '2012-10-17', Statement: [statement] }, 60),
    [
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [',
      '    {',
      '      "Effect": "Allow",',
      '      "Action": ["s3:PutObject", "s3:PutObjectAcl"],',
      '      "Resource": ["arn:aws:s3:::b/*"]',
      '    }',
      '  ]',
      '}',
    ].join('\n'),
  )
})
