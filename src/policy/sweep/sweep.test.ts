import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import fc from 'fast-check'
import { instanceOf } from './instance.ts'
import { loadCatalog } from '../catalog.ts'
import { authorize, type PolicySet } from '../eval/authorize.ts'
import { parsePolicy, type Policy, type PolicyKind } from '../eval/policy.ts'
import { ActionTable } from './action-table.ts'
import { sweep } from './sweep.ts'

let table: ActionTable
before(async () => {
  table = new ActionTable(await loadCatalog(['*']))
})

function policy(document: unknown, kind: PolicyKind = 'identity', name = kind): Policy {
  const parsed = parsePolicy(document, name, kind)
  if (parsed.kind === 'error') throw new Error(parsed.errors.map((e) => e.message).join('; '))
  return parsed.policy
}

const USER = 'arn:aws:iam::111111111111:user/uploader'

describe('sweep', () => {
  test('the tomoda uploader can only PutObject and PutObjectAcl on its bucket', () => {
    // given seed 000's uploader policy
    const policies = {
      identity: [
        policy({
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:PutObject', 's3:PutObjectAcl'],
              Resource: 'arn:aws:s3:::tomoda-assets-dev/*',
            },
          ],
        }),
      ],
    }
    // when the whole catalog is swept
    const result = sweep(table, { principal: USER, policies })
    // then exactly the two actions remain, unconditionally, on the bucket's objects
    assert.deepEqual(
      result.allowed.map((a) => [a.action, a.resources, a.conditional]),
      [
        ['s3:PutObject', ['arn:aws:s3:::tomoda-assets-dev/*'], false],
        ['s3:PutObjectAcl', ['arn:aws:s3:::tomoda-assets-dev/*'], false],
      ],
    )
  })

  test('an unconditional deny that covers the grant removes the action', () => {
    const policies = {
      identity: [
        policy({
          Statement: [
            { Effect: 'Allow', Action: 's3:*', Resource: '*' },
            { Effect: 'Deny', Action: 's3:Delete*', Resource: '*' },
          ],
        }),
      ],
    }
    const actions = sweep(table, { principal: USER, policies }).allowed.map((a) => a.action)
    assert.ok(actions.includes('s3:GetObject'))
    assert.ok(!actions.some((a) => a.startsWith('s3:Delete')))
    assert.ok(actions.every((a) => a.startsWith('s3:')))
  })

  test('a deny covering only part of the grant leaves the rest', () => {
    const policies = {
      identity: [
        policy({
          Statement: [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
            { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/private/*' },
          ],
        }),
      ],
    }
    assert.deepEqual(
      sweep(table, { principal: USER, policies }).allowed.map((a) => a.action),
      ['s3:GetObject'],
    )
  })

  test('a conditional grant is reported as conditional, with its condition', () => {
    const policies = {
      identity: [
        policy({
          Statement: [
            {
              Effect: 'Allow',
              Action: 'secretsmanager:GetSecretValue',
              Resource: '*',
              Condition: { StringEquals: { 'aws:ResourceTag/env': 'dev' } },
            },
          ],
        }),
      ],
    }
    const [only] = sweep(table, { principal: USER, policies }).allowed
    assert.equal(only?.action, 'secretsmanager:GetSecretValue')
    assert.equal(only.conditional, true)
  })

  test('a permissions boundary and NotAction narrow what identity policies grant', () => {
    const policies: PolicySet = {
      identity: [policy({ Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] })],
      boundaries: [
        policy(
          {
            Statement: [
              { Effect: 'Allow', Action: ['s3:*', 'iam:*', 'sqs:SendMessage'], Resource: '*' },
            ],
          },
          'boundary',
        ),
      ],
    }
    const actions = sweep(table, { principal: USER, policies }).allowed.map((a) => a.action)
    assert.ok(actions.includes('s3:GetObject') && actions.includes('sqs:SendMessage'))
    assert.ok(!actions.some((a) => a.startsWith('iam:')), 'NotAction iam:* grants no iam action')
    assert.ok(!actions.includes('sqs:ReceiveMessage'), 'the boundary does not reach it')
  })

  test('actions without resource types need a `*` resource', () => {
    const policies = {
      identity: [
        policy({
          Statement: [
            {
              Effect: 'Allow',
              Action: 'ecr:GetAuthorizationToken',
              Resource: 'arn:aws:ecr:*:*:repository/*',
            },
          ],
        }),
      ],
    }
    assert.deepEqual(sweep(table, { principal: USER, policies }).allowed, [])
  })
})

describe('sweep agrees with per-request evaluation', () => {
  const ACTIONS = [
    's3:GetObject',
    's3:PutObject',
    's3:ListBucket',
    's3:*',
    's3:Get*',
    'sqs:SendMessage',
    'sqs:*',
    'iam:GetUser',
    '*',
  ]
  const RESOURCES = [
    '*',
    'arn:aws:s3:::b/*',
    'arn:aws:s3:::b',
    'arn:aws:s3:::b/x/*',
    'arn:aws:sqs:us-east-1:111111111111:q',
    'arn:aws:iam::111111111111:user/*',
    'arn:aws:s3:::other/*',
  ]
  const statement = fc.record({
    Effect: fc.constantFrom('Allow', 'Deny'),
    Action: fc.subarray(ACTIONS, { minLength: 1, maxLength: 3 }),
    Resource: fc.subarray(RESOURCES, { minLength: 1, maxLength: 2 }),
  })
  const probes = [
    's3:GetObject',
    's3:PutObject',
    's3:ListBucket',
    's3:DeleteObject',
    'sqs:SendMessage',
    'sqs:ReceiveMessage',
    'iam:GetUser',
    'iam:CreateUser',
  ]

  test('an action is swept in exactly when some concrete request on its resources is allowed', () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 4 }), (statements) => {
        const policies = { identity: [policy({ Statement: statements })] }
        const swept = new Map(
          sweep(table, { principal: USER, policies }).allowed.map((a) => [a.action, a]),
        )
        for (const action of probes) {
          const catalogAction = table.actions.find((a) => a.key === action)
          assert.ok(catalogAction)
          // every concrete resource the sweep lists, and each format's instance, evaluated one by one
          const samples = [...(swept.get(action)?.resources ?? []), ...catalogAction.formats].map(
            (r) => instanceOf(r),
          )
          const allowedSomewhere = samples.some(
            (resource) =>
              authorize({ principal: USER, action, resource, policies, mode: 'unknown' })
                .decision !== 'ImplicitlyDenied' &&
              authorize({ principal: USER, action, resource, policies, mode: 'unknown' })
                .decision !== 'ExplicitlyDenied',
          )
          assert.equal(
            swept.has(action),
            allowedSomewhere,
            `${action} in ${JSON.stringify(statements)}`,
          )
        }
      }),
      { numRuns: 300 },
    )
  })
})
