import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { attribute, evaluated, load, show } from './harness.test.ts'
import { decodeJson } from './json.ts'
import type { TfValue } from './value.ts'

const KEY =
  'resource "aws_iam_access_key" "k" {}\nresource "aws_s3_bucket" "b" {}\nvariable "project" { default = "acme" }\n'

describe('given jsonencode', () => {
  test('when an object holds a secret known only after apply, then the secret is an attr segment inside a JSON string', () => {
    const value = evaluated(
      'jsonencode({ secret = aws_iam_access_key.k.secret, id = "AKIA" })',
      KEY,
    )
    assert.equal(value.kind, 'string')
    assert.deepEqual(value.segments, [
      { kind: 'text', text: '{"id":"AKIA","secret":"' },
      {
        kind: 'attr',
        address: 'aws_iam_access_key.k',
        attribute: 'secret',
        loc: { file: 'main.tf', line: 6, column: 29 },
      },
      { kind: 'text', text: '"}' },
    ])
    assert.deepEqual(show(value.json ?? { kind: 'null' }), {
      secret: '{attr aws_iam_access_key.k secret}',
      id: 'AKIA',
    })
  })

  const encodings: readonly { expr: string; want: string }[] = [
    { expr: 'jsonencode({ b = 1, a = [true, null, 1.5] })', want: '{"a":[true,null,1.5],"b":1}' },
    { expr: 'jsonencode("<a & b>")', want: '"\\u003ca \\u0026 b\\u003e"' },
    { expr: 'jsonencode({ name = "${var.project}-x" })', want: '{"name":"{var.project=acme}-x"}' },
  ]
  for (const c of encodings) {
    test(`when encoding ${c.expr}, then the text is ${c.want}`, () => {
      assert.equal(show(evaluated(c.expr, KEY)), c.want)
    })
  }
})

describe('given jsondecode', () => {
  test('when the JSON holds interpolations, then the decoded strings keep their segments', () => {
    const value = evaluated(
      'jsondecode("{\\"Resource\\": \\"${aws_s3_bucket.b.arn}/*\\", \\"n\\": 1}")',
      KEY,
    )
    assert.deepEqual(show(value), { Resource: '{attr aws_s3_bucket.b arn}/*', n: 1 })
  })

  test('when the string was made by jsonencode, then it decodes to the value encoded', () => {
    assert.deepEqual(show(evaluated('jsondecode(jsonencode({ a = var.project }))', KEY)), {
      a: '{var.project=acme}',
    })
  })

  test('when a variable stands outside a JSON string, then it is read as JSON text', () => {
    const value: TfValue = {
      kind: 'string',
      segments: [
        { kind: 'text', text: '{"max": ' },
        { kind: 'var', name: 'n', text: '3' },
        { kind: 'text', text: '}' },
      ],
    }
    assert.deepEqual(show(decodeJson(value, { file: 'main.tf', line: 1, column: 1 })), { max: 3 })
  })

  test('when the text is not JSON, then it is an unknown saying so', () => {
    assert.match(String(show(evaluated('jsondecode("{nope")'))), /not valid JSON/)
  })
})

describe('given a heredoc JSON policy', () => {
  test('when it interpolates a bucket ARN, then the policy text keeps the ARN as an attr segment and decodes', () => {
    const config = load(`resource "aws_s3_bucket" "b" { bucket = "data" }
resource "aws_iam_policy" "p" {
  policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Action": "s3:GetObject",
        "Resource": "\${aws_s3_bucket.b.arn}/*"
      }]
    }
  EOF
}
`)
    const policy = attribute(config, 'aws_iam_policy.p', 'policy')
    assert.equal(policy.kind, 'string')
    assert.ok(String(show(policy)).startsWith('{\n  "Version": "2012-10-17",\n'))
    assert.deepEqual(show(decodeJson(policy, { file: 'main.tf', line: 3, column: 3 })), {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: '{attr aws_s3_bucket.b arn}/*' },
      ],
    })
    const arn = policy.segments.find((s) => s.kind === 'attr')
    assert.deepEqual(arn, {
      kind: 'attr',
      address: 'aws_s3_bucket.b',
      attribute: 'arn',
      loc: { file: 'main.tf', line: 9, column: 24 },
    })
  })
})
