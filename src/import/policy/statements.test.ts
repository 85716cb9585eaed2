import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { DraftStatement } from '../draft.ts'
import type { ImportProblem, TfBlock } from '../terraform/config.ts'
import type { Loc, Segment, TfValue } from '../terraform/value.ts'
import type { PolicyContext } from './context.ts'
import { decodePolicy, type JsonObject } from './decode.ts'
import { evaluatePolicyDocument } from './policy-document.ts'
import { MANIFEST_SID, toStatements } from './statements.ts'
import { fromJson } from './values.ts'
import { SID } from '../../manifest/spec/patterns.ts'

const AT: Loc = { file: 'iam.tf', line: 10, column: 3 }

/**
 * Written text as it is, a variable as the manifest variable of that name, the account's values
 * as the manifest's builtins; a value known only after apply has no template.
 */
function context() {
  const problems: ImportProblem[] = []
  const cx: PolicyContext = {
    template: (value, loc) => {
      if (value.kind !== 'string') return undefined
      let out = ''
      for (const segment of value.segments) {
        if (segment.kind === 'text') out += segment.text
        else if (segment.kind === 'var') out += `\${${segment.name}}`
        else if (segment.kind === 'builtin') out += `\${${segment.name}}`
        else {
          problems.push({ severity: 'error', message: `no template for ${segment.address}`, loc })
          return undefined
        }
      }
      return out
    },
    report: (problem) => problems.push(problem),
  }
  return { cx, problems }
}

function statementsOf(document: unknown) {
  const { cx, problems } = context()
  const value = fromJson(document)
  assert.ok(value.kind === 'object')
  return { statements: toStatements(value, AT, cx), problems }
}

const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement })

describe('toStatements', () => {
  const cases: [string, unknown, { allow: DraftStatement[]; deny: DraftStatement[] }][] = [
    [
      'a string Action and a list of resources',
      doc({
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: ['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*'],
      }),
      {
        allow: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*'] }],
        deny: [],
      },
    ],
    [
      'allows and denies interleaved',
      doc(
        { Effect: 'Allow', Action: 'a:1', Resource: '*' },
        { Effect: 'Deny', Action: 'd:1', Resource: '*' },
        { Effect: 'Allow', Action: 'a:2', Resource: '*' },
        { Effect: 'Deny', Action: 'd:2', Resource: '*' },
      ),
      {
        allow: [
          { actions: ['a:1'], resources: ['*'] },
          { actions: ['a:2'], resources: ['*'] },
        ],
        deny: [
          { actions: ['d:1'], resources: ['*'] },
          { actions: ['d:2'], resources: ['*'] },
        ],
      },
    ],
    [
      'NotAction and NotResource, with a Sid',
      doc({
        Sid: 'DenyElse',
        Effect: 'Deny',
        NotAction: ['iam:Get*'],
        NotResource: 'arn:aws:s3:::a',
      }),
      {
        allow: [],
        deny: [{ sid: 'DenyElse', notActions: ['iam:Get*'], notResources: ['arn:aws:s3:::a'] }],
      },
    ],
    [
      'condition values of every JSON kind, as lists of strings',
      doc({
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: '*',
        Condition: {
          StringLike: { 's3:prefix': ['home/${aws:username}/', ''] },
          NumericLessThan: { 's3:max-keys': 10 },
          Bool: { 'aws:SecureTransport': true },
          StringEquals: { 'aws:PrincipalTag/team': 'media' },
        },
      }),
      {
        allow: [
          {
            actions: ['s3:ListBucket'],
            resources: ['*'],
            conditions: {
              StringLike: { 's3:prefix': ['home/${aws:username}/', ''] },
              NumericLessThan: { 's3:max-keys': ['10'] },
              Bool: { 'aws:SecureTransport': ['true'] },
              StringEquals: { 'aws:PrincipalTag/team': ['media'] },
            },
          },
        ],
        deny: [],
      },
    ],
    [
      'a single statement object and an empty Sid',
      {
        Version: '2012-10-17',
        Statement: { Sid: '', Effect: 'Allow', Action: 'a:b', Resource: '*' },
      },
      { allow: [{ actions: ['a:b'], resources: ['*'] }], deny: [] },
    ],
    [
      'no Version and no policy variable',
      { Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: '*' }] },
      { allow: [{ actions: ['a:b'], resources: ['*'] }], deny: [] },
    ],
  ]
  for (const [name, document, expected] of cases) {
    test(`given ${name}, when read, then the statements are the same`, () => {
      const { statements, problems } = statementsOf(document)
      assert.deepEqual(problems, [])
      assert.deepEqual(statements, expected)
    })
  }

  const warned: [string, unknown, DraftStatement, RegExp][] = [
    [
      'a Sid the manifest cannot hold',
      doc({ Sid: 'read-all', Effect: 'Allow', Action: 'a:b', Resource: '*' }),
      { actions: ['a:b'], resources: ['*'] },
      /Sid "read-all" is left out/,
    ],
    [
      'an Id',
      {
        Version: '2012-10-17',
        Id: 'x',
        Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: '*' }],
      },
      { actions: ['a:b'], resources: ['*'] },
      /Id is left out/,
    ],
  ]
  for (const [name, document, expected, message] of warned) {
    test(`given ${name}, when read, then it is left out with a warning`, () => {
      const { statements, problems } = statementsOf(document)
      assert.deepEqual(statements, { allow: [expected], deny: [] })
      assert.equal(problems.length, 1)
      assert.equal(problems[0]?.severity, 'warning')
      assert.match(problems[0].message, message)
    })
  }

  const rejected: [string, unknown, RegExp][] = [
    [
      'a Principal',
      doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'a:b', Resource: '*' }),
      /names a Principal; an identity policy/,
    ],
    [
      'both Action and NotAction',
      doc({ Effect: 'Allow', Action: 'a:b', NotAction: 'a:c', Resource: '*' }),
      /both Action and NotAction/,
    ],
    ['no Resource', doc({ Effect: 'Allow', Action: 'a:b' }), /neither Resource nor NotResource/],
    ['no Effect', doc({ Action: 'a:b', Resource: '*' }), /has no Effect/],
    [
      'a lower-case effect',
      doc({ Effect: 'allow', Action: 'a:b', Resource: '*' }),
      /not "Allow" or "Deny"/,
    ],
    [
      'an unknown element',
      doc({ Effect: 'Allow', Action: 'a:b', Resource: '*', Foo: 1 }),
      /"Foo", which is not a statement element/,
    ],
    [
      'a number as an action',
      doc({ Effect: 'Allow', Action: [1], Resource: '*' }),
      /Action holds a number/,
    ],
    [
      'an empty Action list',
      doc({ Effect: 'Allow', Action: [], Resource: '*' }),
      /Action is an empty list/,
    ],
    [
      'an empty condition value list',
      doc({
        Effect: 'Allow',
        Action: 'a:b',
        Resource: '*',
        Condition: { StringEquals: { k: [] } },
      }),
      /has no values/,
    ],
    [
      'a null condition value',
      doc({
        Effect: 'Allow',
        Action: 'a:b',
        Resource: '*',
        Condition: { StringEquals: { k: null } },
      }),
      /holds null/,
    ],
    [
      'a policy variable in a 2008-10-17 document',
      {
        Version: '2008-10-17',
        Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: 'x/${aws:username}' }],
      },
      /version 2008-10-17, in which `\$\{…\}` is literal/,
    ],
    [
      'a policy variable and no Version',
      { Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: 'x/${aws:username}' }] },
      /\(no Version given\)/,
    ],
    [
      'an unknown top-level element',
      { Version: '2012-10-17', Statement: [], Extra: 1 },
      /top-level "Extra"/,
    ],
    ['no Statement', { Version: '2012-10-17' }, /has no Statement/],
  ]
  for (const [name, document, message] of rejected) {
    test(`given ${name}, when read, then it is a problem and no statements`, () => {
      const { statements, problems } = statementsOf(document)
      assert.equal(statements, undefined)
      assert.ok(
        problems.some((p) => p.severity === 'error' && message.test(p.message)),
        JSON.stringify(problems),
      )
    })
  }

  test('given strings from variables and the account, when read, then the context makes them templates', () => {
    const { cx, problems } = context()
    const resource: Segment[] = [
      { kind: 'text', text: 'arn:aws:s3:::' },
      { kind: 'var', name: 'bucket', text: 'media' },
      { kind: 'text', text: '/' },
      { kind: 'builtin', name: 'account' },
    ]
    const document: TfValue = {
      kind: 'object',
      fields: new Map<string, TfValue>([
        ['Version', fromJson('2012-10-17')],
        [
          'Statement',
          fromJson([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'placeholder' }]),
        ],
      ]),
    }
    const statement = document.fields.get('Statement')
    assert.ok(statement?.kind === 'tuple' && statement.items[0]?.kind === 'object')
    const fields = statement.items[0].fields as Map<string, TfValue>
    fields.set('Resource', { kind: 'string', segments: resource })
    assert.deepEqual(toStatements(document, AT, cx), {
      allow: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::${bucket}/${account}'] }],
      deny: [],
    })
    assert.deepEqual(problems, [])
  })

  test('given a value with no template and one Terraform cannot know, when read, then both are problems and no statements', () => {
    const { cx, problems } = context()
    const unknown: TfValue = {
      kind: 'unknown',
      reason: 'random_id.x.hex is known after apply',
      loc: { file: 'ids.tf', line: 3, column: 1 },
    }
    const attr: TfValue = {
      kind: 'string',
      segments: [{ kind: 'attr', address: 'aws_sqs_queue.q', attribute: 'arn', loc: AT }],
    }
    const document: JsonObject = {
      kind: 'object',
      fields: new Map([
        ['Version', fromJson('2012-10-17')],
        [
          'Statement',
          {
            kind: 'tuple',
            items: [
              {
                kind: 'object',
                fields: new Map([
                  ['Effect', fromJson('Allow')],
                  ['Action', fromJson('sqs:*')],
                  ['Resource', attr],
                ]),
              },
              {
                kind: 'object',
                fields: new Map([
                  ['Effect', fromJson('Allow')],
                  ['Action', fromJson('s3:*')],
                  ['Resource', unknown],
                ]),
              },
            ],
          },
        ],
      ]),
    }
    assert.equal(toStatements(document, AT, cx), undefined)
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        'no template for aws_sqs_queue.q',
        'Statement 2’s Resource cannot be read: random_id.x.hex is known after apply (ids.tf:3).',
      ],
    )
  })

  test('given a generated document, when a statement is wrong, then the problem is at its statement block', () => {
    const { cx, problems } = context()
    const loc: Loc = { file: 'policies.tf', line: 4, column: 3 }
    const statement: TfBlock = {
      type: 'statement',
      labels: [],
      loc,
      body: {
        attributes: new Map([
          [
            'actions',
            { name: 'actions', value: fromJson(['s3:GetObject']), loc: { ...loc, line: 5 } },
          ],
        ]),
        blocks: [],
      },
    }
    const generated = evaluatePolicyDocument({ attributes: new Map(), blocks: [statement] }, loc)
    const document = decodePolicy(generated.json, AT, cx)
    assert.ok(document !== undefined)
    assert.equal(toStatements(document, AT, cx), undefined)
    assert.deepEqual(
      problems.map((p) => [p.loc, p.message]),
      [[loc, 'Statement 1 has neither Resource nor NotResource; the manifest needs one.']],
    )
  })

  test('given the manifest’s SID pattern, when compared, then ours is the same', () => {
    assert.equal(MANIFEST_SID.source, SID.source)
  })
})
