import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { resourceMatchesFormat } from './arn-match.ts'

const BUCKET = 'arn:${Partition}:s3:::${BucketName}'
const OBJECT = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}'
const SECRET = 'arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}'
const USER = 'arn:${Partition}:iam::${Account}:user/${UserNameWithPath}'
const QUEUE = 'arn:${Partition}:sqs:${Region}:${Account}:${QueueName}'

const cases: [resource: string, format: string, expected: boolean][] = [
  ['arn:aws:s3:::tomoda-assets-dev', BUCKET, true],
  ['arn:aws:s3:::tomoda-assets-dev/*', BUCKET, false],
  ['arn:aws:s3:::tomoda-assets-dev/*', OBJECT, true],
  ['arn:aws:s3:::tomoda-assets-dev', OBJECT, false],
  ['arn:aws:s3:::*', BUCKET, true],
  ['arn:aws:s3:::*', OBJECT, true],
  ['arn:aws:s3:::bucket*', OBJECT, true],
  ['arn:aws:s3:::b?cket', BUCKET, true],
  ['arn:aws:s3:::bucket/${aws:username}/*', OBJECT, true],
  ['arn:aws:s3:::bucket/${aws:username}/*', BUCKET, false],
  ['*', BUCKET, true],
  ['arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/db-??????', SECRET, true],
  ['arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/db-??????', OBJECT, false],
  ['arn:aws:iam::111111111111:user/ci/build', USER, true],
  ['arn:aws:iam::111111111111:role/ci', USER, false],
  ['arn:aws:sqs:us-east-1:111111111111:jobs', QUEUE, true],
  ['arn:aws:sqs:us-east-1:111111111111:jobs/x', QUEUE, false],
  ['arn:aws:sqs:*:*:jobs', QUEUE, true],
  ['arn:aws:sqs:us-east-1:111111111111:jobs:x', QUEUE, false],
  [
    'arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/fn:*',
    'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}',
    true,
  ],
  [
    'arn:aws:ssm:us-east-1::document/AWS-RunShellScript',
    'arn:${Partition}:ssm:${Region}:${Account}:document/${DocumentName}',
    true,
  ],
  [
    'arn:aws:backup:us-east-1:111111111111:recovery-point:1EB3',
    'arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}',
    true,
  ],
]

describe('resourceMatchesFormat', () => {
  for (const [resource, format, expected] of cases) {
    test(`${resource} ${expected ? 'matches' : 'does not match'} ${format}`, () => {
      assert.equal(resourceMatchesFormat(resource, format), expected)
    })
  }
})
