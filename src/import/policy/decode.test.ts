import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { ImportProblem } from '../terraform/config.ts'
import type { Loc, Segment, TfString, TfValue } from '../terraform/value.ts'
import { decodePolicy } from './decode.ts'
import { fromJson } from './values.ts'

const AT: Loc = { file: 'main.tf', line: 7, column: 3 }

const text = (t: string): Segment => ({ kind: 'text', text: t })
const variable = (name: string, t: string): Segment => ({ kind: 'var', name, text: t })
const attr = (address: string, attribute: string): Segment => ({
  kind: 'attr',
  address,
  attribute,
  loc: { file: 'main.tf', line: 1, column: 1 },
})
const str = (...segments: Segment[]): TfString => ({ kind: 'string', segments })

function decode(value: TfValue) {
  const problems: ImportProblem[] = []
  const document = decodePolicy(value, AT, { report: (p) => problems.push(p) })
  return { document, problems }
}

/** The value a path leads to in a decoded document. */
function at(value: TfValue | undefined, ...path: (string | number)[]): TfValue | undefined {
  let current = value
  for (const step of path) {
    if (typeof step === 'number')
      current = current?.kind === 'tuple' ? current.items[step] : undefined
    else current = current?.kind === 'object' ? current.fields.get(step) : undefined
  }
  return current
}

describe('decodePolicy', () => {
  test('given a jsonencode result, when decoded, then its structure is the document', () => {
    const structure = fromJson({ Version: '2012-10-17', Statement: [] })
    const { document, problems } = decode({ ...str(text('{…}')), json: structure })
    assert.equal(document, structure)
    assert.deepEqual(problems, [])
  })

  test('given a heredoc with a variable inside a string, when decoded, then the variable stays a variable', () => {
    const heredoc = str(
      text('{\n  "Statement": [{"Resource": "arn:aws:s3:::'),
      variable('bucket', 'media'),
      text('/*", "Action": "s3:GetObject"}]\n}\n'),
    )
    const { document, problems } = decode(heredoc)
    assert.deepEqual(problems, [])
    assert.deepEqual(
      at(document, 'Statement', 0, 'Resource'),
      str(text('arn:aws:s3:::'), variable('bucket', 'media'), text('/*')),
    )
  })

  test('given a value known only after apply inside a JSON string, when decoded, then it is kept in place', () => {
    const arn = attr('aws_s3_bucket.b', 'arn')
    const { document, problems } = decode(str(text('{"Resource": ["'), arn, text('/*"]}')))
    assert.deepEqual(problems, [])
    assert.deepEqual(at(document, 'Resource', 0), str(arn, text('/*')))
  })

  test('given a variable outside any string, when decoded, then its text is read as JSON', () => {
    const { document } = decode(str(text('{"Max": '), variable('limit', '10'), text('}')))
    assert.deepEqual(at(document, 'Max'), { kind: 'number', value: 10 })
  })

  const failures: [string, TfValue, RegExp][] = [
    ['not JSON', str(text('{"Statement": [}')), /not JSON.*line 1, column 16/],
    ['a list', str(text('[]')), /JSON a list, not a policy document/],
    ['a duplicate key', str(text('{"A": 1, "A": 2}')), /"A" appears twice/],
    [
      'an apply-time value outside a string',
      str(text('{"Resource": '), attr('aws_s3_bucket.b', 'arn'), text('}')),
      /aws_s3_bucket\.b\.arn\} stands outside a JSON string/,
    ],
    [
      'an apply-time value in a key',
      str(text('{"'), attr('aws_eks_cluster.c', 'identity'), text(':sub": "x"}')),
      /key .* holds a value Terraform knows only after apply/,
    ],
    [
      'an unknown',
      {
        kind: 'unknown',
        reason: 'file() is not read',
        loc: { file: 'iam.tf', line: 2, column: 1 },
      },
      /cannot be read: file\(\) is not read \(iam\.tf:2\)/,
    ],
    ['a number', { kind: 'number', value: 1 }, /is a number, not a policy document/],
    ['jsonencode of a string', { ...str(text('"x"')), json: str(text('x')) }, /JSON a string/],
  ]
  for (const [name, value, message] of failures) {
    test(`given ${name}, when decoded, then it is a problem at the attribute`, () => {
      const { document, problems } = decode(value)
      assert.equal(document, undefined)
      assert.equal(problems.length, 1)
      assert.match(problems[0]?.message ?? '', message)
      assert.deepEqual(problems[0]?.loc, AT)
      assert.equal(problems[0].severity, 'error')
    })
  }

  test('given escapes and a variable that JSON changes, when decoded, then the text is what JSON says', () => {
    const { document } = decode(str(text('{"K": "a\\u0041\\n'), variable('v', 'b\\"c'), text('"}')))
    assert.deepEqual(at(document, 'K'), str(text('aA\nb"c')))
  })
})
