import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { TfAttribute, TfBlock, TfBody } from '../terraform/config.ts'
import { concreteText, type Loc, type TfValue } from '../terraform/value.ts'
import { writtenAt } from './locations.ts'
import { evaluatePolicyDocument } from './policy-document.ts'
import { fromJson } from './values.ts'

let line = 0
const next = (): Loc => ({ file: 'iam.tf', line: ++line, column: 3 })

/** Plain JSON values become written text; TfValues are taken as they are. */
type Given = TfValue | string | number | boolean | null | readonly Given[]

function value(given: Given): TfValue {
  if (Array.isArray(given)) return { kind: 'tuple', items: given.map(value) }
  if (given !== null && typeof given === 'object' && 'kind' in given) return given
  return fromJson(given)
}

function body(attributes: Record<string, Given>, blocks: readonly TfBlock[] = []): TfBody {
  const map = new Map<string, TfAttribute>()
  for (const [name, given] of Object.entries(attributes)) {
    map.set(name, { name, value: value(given), loc: next() })
  }
  return { attributes: map, blocks }
}

function block(type: string, attributes: Record<string, Given>, blocks: TfBlock[] = []): TfBlock {
  return { type, labels: [], body: body(attributes, blocks), loc: next() }
}

const statement = (attributes: Record<string, Given>, ...blocks: TfBlock[]) =>
  block('statement', attributes, blocks)
const principals = (type: string, identifiers: Given[]) =>
  block('principals', { type, identifiers })
const condition = (test: string, variable: string, values: Given[]) =>
  block('condition', { test, variable, values })

/** A document's JSON string, as `jsonencode` would have made it. */
function json(document: unknown): TfValue {
  return {
    kind: 'string',
    segments: [{ kind: 'text', text: JSON.stringify(document) }],
    json: fromJson(document),
  }
}

/** The generated document read back from its text, checked against its structure. */
function generated(documentBody: TfBody) {
  const result = evaluatePolicyDocument(documentBody, next())
  if (result.json.kind !== 'string') return { document: undefined, result }
  const text = concreteText(result.json)
  assert.ok(text !== undefined, 'the text is all known')
  const document: unknown = JSON.parse(text)
  assert.deepEqual(result.json.json, fromJson(document), 'the text and the structure agree')
  return { document, result }
}

const S3 = 'arn:aws:s3:::media'

describe('evaluatePolicyDocument', () => {
  const cases: [string, TfBody, unknown][] = [
    [
      'one statement takes the defaults: version 2012-10-17, effect Allow, single values as strings',
      body({}, [statement({ actions: ['s3:GetObject'], resources: [S3] })]),
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: S3 }],
      },
    ],
    [
      'sets lose duplicates and come out reverse-sorted',
      body({}, [
        statement({ actions: ['s3:B', 's3:A', 's3:C', 's3:A'], resources: [S3, `${S3}/*`] }),
      ]),
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['s3:C', 's3:B', 's3:A'], Resource: [`${S3}/*`, S3] },
        ],
      },
    ],
    [
      'every element, in the provider’s order',
      body({ policy_id: 'P1', version: '2008-10-17' }, [
        statement(
          {
            sid: 'Deny1',
            effect: 'Deny',
            not_actions: ['iam:*'],
            not_resources: [S3],
          },
          block('not_principals', { type: 'AWS', identifiers: ['111111111111'] }),
          principals('Service', ['ec2.amazonaws.com']),
        ),
      ]),
      {
        Version: '2008-10-17',
        Id: 'P1',
        Statement: [
          {
            Sid: 'Deny1',
            Effect: 'Deny',
            NotAction: 'iam:*',
            NotResource: S3,
            Principal: { Service: 'ec2.amazonaws.com' },
            NotPrincipal: { AWS: '111111111111' },
          },
        ],
      },
    ],
    [
      'principal blocks of one type are joined, and the types sorted',
      body({}, [
        statement(
          { actions: ['sts:AssumeRole'] },
          principals('Service', ['lambda.amazonaws.com']),
          principals('AWS', ['arn:aws:iam::1:root']),
          principals('AWS', ['arn:aws:iam::2:root', 'arn:aws:iam::3:root']),
        ),
      ]),
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: {
              AWS: ['arn:aws:iam::1:root', 'arn:aws:iam::3:root', 'arn:aws:iam::2:root'],
              Service: 'lambda.amazonaws.com',
            },
          },
        ],
      },
    ],
    [
      'type `*` naming `*` is written as the bare "*"',
      body({}, [statement({ actions: ['s3:GetObject'] }, principals('*', ['*']))]),
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Principal: '*' }],
      },
    ],
    [
      'conditions on one test and variable are joined, values keep their order, keys are sorted',
      body({}, [
        statement(
          { actions: ['s3:ListBucket'], resources: [S3] },
          condition('StringLike', 's3:prefix', ['b/', 'a/']),
          condition('Bool', 'aws:SecureTransport', ['true']),
          condition('StringLike', 's3:prefix', ['c/']),
          condition('Bool', 'aws:SecureTransport', ['true']),
        ),
      ]),
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:ListBucket',
            Resource: S3,
            Condition: {
              Bool: { 'aws:SecureTransport': 'true' },
              StringLike: { 's3:prefix': ['b/', 'a/', 'c/'] },
            },
          },
        ],
      },
    ],
    [
      '`&{…}` becomes a policy variable in resources and condition values, not in actions',
      body({}, [
        statement(
          { actions: ['s3:&{x}'], resources: [`${S3}/home/&{aws:username}/*`] },
          condition('StringLike', 's3:prefix', ['home/&{aws:username}/']),
        ),
      ]),
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:&{x}',
            Resource: `${S3}/home/\${aws:username}/*`,
            Condition: { StringLike: { 's3:prefix': 'home/${aws:username}/' } },
          },
        ],
      },
    ],
    ['no statements leave only the version', body({}), { Version: '2012-10-17' }],
    [
      'source documents come first, the own statements replace theirs by Sid, overrides last',
      body(
        {
          source_policy_documents: [
            json({
              Version: '2012-10-17',
              Statement: [
                { Sid: 'A', Effect: 'Allow', Action: 's3:Src', Resource: '*' },
                { Effect: 'Allow', Action: 's3:NoSid', Resource: '*' },
              ],
            }),
          ],
          override_policy_documents: [
            json({
              Statement: [
                { Sid: 'B', Effect: 'Deny', Action: 's3:Over', Resource: '*' },
                { Effect: 'Deny', Action: 's3:OverNoSid', Resource: '*' },
              ],
            }),
            json({ Statement: [{ Sid: 'C', Effect: 'Allow', Action: 's3:C', Resource: '*' }] }),
            json({ Statement: [{ Sid: 'B', Effect: 'Allow', Action: 's3:Last', Resource: '*' }] }),
          ],
        },
        [statement({ sid: 'A', actions: ['s3:Own'], resources: ['*'] })],
      ),
      {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'A', Effect: 'Allow', Action: 's3:Own', Resource: '*' },
          { Effect: 'Allow', Action: 's3:NoSid', Resource: '*' },
          { Sid: 'B', Effect: 'Allow', Action: 's3:Last', Resource: '*' },
          { Effect: 'Deny', Action: 's3:OverNoSid', Resource: '*' },
          { Sid: 'C', Effect: 'Allow', Action: 's3:C', Resource: '*' },
        ],
      },
    ],
    [
      'a merged document is read as Go reads it: fields in any case, lists kept, principals and conditions normalised',
      body({
        source_policy_documents: [
          json({
            Statement: [
              {
                effect: 'Allow',
                action: ['s3:B', 's3:A'],
                resource: '*',
                Principal: { Service: ['b.amazonaws.com', 'a.amazonaws.com', 'c.amazonaws.com'] },
                Condition: {
                  StringEquals: { 'aws:SourceAccount': ['111111111111'] },
                  Bool: { 'aws:SecureTransport': true },
                },
              },
            ],
          }),
        ],
      }),
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['s3:B', 's3:A'],
            Resource: '*',
            Principal: { Service: ['c.amazonaws.com', 'b.amazonaws.com', 'a.amazonaws.com'] },
            Condition: {
              Bool: { 'aws:SecureTransport': 'true' },
              StringEquals: { 'aws:SourceAccount': '111111111111' },
            },
          },
        ],
      },
    ],
    [
      'the later version wins when documents are merged',
      body(
        {
          version: '2008-10-17',
          source_policy_documents: [json({ Version: '2012-10-17', Statement: [] })],
        },
        [statement({ actions: ['s3:GetObject'], resources: ['*'] })],
      ),
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
      },
    ],
  ]
  for (const [name, given, expected] of cases) {
    test(`given ${name}, when evaluated, then the document is the provider’s`, () => {
      const { document, result } = generated(given)
      assert.deepEqual(result.problems, [])
      assert.deepEqual(document, expected)
    })
  }

  const rejected: [string, TfBody, RegExp][] = [
    [
      'two statements with one Sid',
      body({}, [
        statement({ sid: 'Same', actions: ['s3:A'], resources: ['*'] }),
        statement({ sid: 'Same', actions: ['s3:B'], resources: ['*'] }),
      ]),
      /Sid "Same" is used by two statements/,
    ],
    [
      'an effect that is neither Allow nor Deny',
      body({}, [statement({ effect: 'allow', actions: ['s3:A'] })]),
      /effect "allow" is neither Allow nor Deny/,
    ],
    [
      'a Sid with a dash',
      body({}, [statement({ sid: 'read-all', actions: ['s3:A'] })]),
      /sid "read-all" has characters other than letters and digits/,
    ],
    ['an unknown version', body({ version: '2020-01-01' }), /Policy version "2020-01-01"/],
    [
      '`&{` in a 2008-10-17 document',
      body({ version: '2008-10-17' }, [statement({ actions: ['s3:A'], resources: ['&{x}'] })]),
      /2008-10-17 does not support/,
    ],
    [
      'one Sid twice in the source documents',
      body({
        source_policy_documents: [
          json({ Statement: [{ Sid: 'X', Effect: 'Allow', Action: 'a:b', Resource: '*' }] }),
          json({ Statement: [{ Sid: 'X', Effect: 'Allow', Action: 'a:c', Resource: '*' }] }),
        ],
      }),
      /Sid "X" appears twice in the source documents/,
    ],
    [
      'a source document whose Statement is not a list',
      body({
        source_policy_documents: [json({ Statement: { Effect: 'Allow', Action: 'a:b' } })],
      }),
      /reads only a list of statements/,
    ],
    [
      'a principals block without identifiers',
      body({}, [statement({ actions: ['a:b'] }, block('principals', { type: 'AWS' }))]),
      /`principals` block needs `identifiers`/,
    ],
    [
      'a source document that is not JSON',
      body({ source_policy_documents: ['{"Statement": '] }),
      /not JSON keyward can read/,
    ],
  ]
  for (const [name, given, message] of rejected) {
    test(`given ${name}, when evaluated, then the provider’s error is a problem and the JSON unknown`, () => {
      const result = evaluatePolicyDocument(given, next())
      assert.equal(result.problems.length, 1, JSON.stringify(result.problems))
      assert.match(result.problems[0]?.message ?? '', message)
      assert.equal(result.problems[0]?.severity, 'error')
      assert.equal(result.json.kind, 'unknown')
      assert.equal(result.minifiedJson.kind, 'unknown')
    })
  }

  test('given a value Terraform cannot know in a statement, when evaluated, then the JSON is that unknown', () => {
    const unknown: TfValue = { kind: 'unknown', reason: 'random_id.x.hex', loc: next() }
    const result = evaluatePolicyDocument(
      body({}, [statement({ actions: ['s3:A'], resources: [unknown] })]),
      next(),
    )
    assert.deepEqual(result.problems, [])
    assert.equal(result.json, unknown)
  })

  test('given a merged document with a numeric condition and an unknown field, when evaluated, then both are dropped with warnings, as the provider does', () => {
    const { document, result } = generated(
      body({
        source_policy_documents: [
          json({
            Statement: [
              {
                Effect: 'Allow',
                Action: 's3:ListBucket',
                Resource: '*',
                Condition: { NumericLessThan: { 's3:max-keys': 10 } },
                Comment: 'x',
              },
            ],
          }),
        ],
      }),
    )
    assert.deepEqual(document, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }],
    })
    assert.deepEqual(
      result.problems.map((p) => [p.severity, /Comment|NumericLessThan/.exec(p.message)?.[0]]),
      [
        ['warning', 'Comment'],
        ['warning', 'NumericLessThan'],
      ],
    )
  })

  test('given a statement, when evaluated, then the JSON text is indented as the provider’s and minified_json is compact', () => {
    const result = evaluatePolicyDocument(
      body({}, [statement({ actions: ['s3:GetObject'], resources: [S3] })]),
      next(),
    )
    assert.equal(
      concreteText(result.json),
      `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "${S3}"
    }
  ]
}`,
    )
    assert.equal(
      concreteText(result.minifiedJson),
      `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"${S3}"}]}`,
    )
  })

  test('given a resource from a variable and the account, when evaluated, then the text keeps both', () => {
    const resource: TfValue = {
      kind: 'string',
      segments: [
        { kind: 'text', text: 'arn:aws:s3:::' },
        { kind: 'var', name: 'bucket', text: 'media' },
        { kind: 'text', text: '-' },
        { kind: 'builtin', name: 'account' },
      ],
    }
    const result = evaluatePolicyDocument(
      body({}, [statement({ actions: ['s3:GetObject'], resources: [resource] })]),
      next(),
    )
    assert.ok(result.json.kind === 'string')
    assert.deepEqual(
      result.json.segments.filter((s) => s.kind !== 'text'),
      [
        { kind: 'var', name: 'bucket', text: 'media' },
        { kind: 'builtin', name: 'account' },
      ],
    )
  })

  test('given statement blocks, when evaluated, then each statement object remembers its block', () => {
    const first = statement({ actions: ['s3:A'], resources: ['*'] })
    const second = statement({ actions: ['s3:B'], resources: ['*'] })
    const result = evaluatePolicyDocument(body({}, [first, second]), next())
    assert.ok(result.json.kind === 'string' && result.json.json?.kind === 'object')
    const list = result.json.json.fields.get('Statement')
    assert.ok(list?.kind === 'tuple')
    assert.deepEqual(
      list.items.map((item) => writtenAt(item)),
      [first.loc, second.loc],
    )
  })
})
