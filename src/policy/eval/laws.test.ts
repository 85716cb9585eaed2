/**
 * Laws of the evaluation logic, checked on random policy sets: adding a Deny never broadens, and
 * an unknown context never answers more narrowly than any concrete context it stands for.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { authorize, type AuthorizationRequest } from './authorize.ts'
import { decide } from './formula.ts'
import { parsePolicy, type Policy } from './policy.ts'

const ACTIONS = ['s3:GetObject', 's3:*', 's3:Get*', 'sqs:SendMessage', '*']
const RESOURCES = [
  '*',
  'arn:aws:s3:::b/*',
  'arn:aws:s3:::b/x',
  'arn:aws:sqs:us-east-1:111111111111:q',
]
const CONDITIONS = [
  undefined,
  { StringEquals: { 'aws:PrincipalTag/team': 'a' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { StringNotEquals: { 'aws:PrincipalTag/team': 'b' } },
]
const statement = fc.record({
  Effect: fc.constantFrom('Allow', 'Deny'),
  Action: fc.subarray(ACTIONS, { minLength: 1, maxLength: 2 }),
  Resource: fc.subarray(RESOURCES, { minLength: 1, maxLength: 2 }),
  Condition: fc.constantFrom(...CONDITIONS),
})
const request = fc.record({
  action: fc.constantFrom('s3:GetObject', 'sqs:SendMessage'),
  resource: fc.constantFrom('arn:aws:s3:::b/x', 'arn:aws:sqs:us-east-1:111111111111:q'),
  team: fc.constantFrom(undefined, 'a', 'b'),
  secure: fc.constantFrom(undefined, 'true', 'false'),
})

function policy(statements: unknown[]): Policy {
  const clean = statements.map((s) => JSON.parse(JSON.stringify(s)) as unknown)
  const parsed = parsePolicy({ Statement: clean }, 'p', 'identity')
  if (parsed.kind === 'error') throw new Error(parsed.errors[0]?.message)
  return parsed.policy
}

function base(r: {
  action: string
  resource: string
  team: string | undefined
  secure: string | undefined
}) {
  const context: Record<string, string> = {}
  if (r.team !== undefined) context['aws:PrincipalTag/team'] = r.team
  if (r.secure !== undefined) context['aws:SecureTransport'] = r.secure
  return {
    principal: 'arn:aws:iam::111111111111:user/u',
    action: r.action,
    resource: r.resource,
    context,
  }
}

test('adding a Deny statement never turns a request into Allowed', () => {
  fc.assert(
    fc.property(
      fc.array(statement, { maxLength: 4 }),
      statement,
      request,
      (statements, extra, r) => {
        const deny = { ...extra, Effect: 'Deny' }
        const before = authorize({ ...base(r), policies: { identity: [policy(statements)] } })
        const after = authorize({
          ...base(r),
          policies: { identity: [policy([...statements, deny])] },
        })
        if (before.decision !== 'Allowed') assert.notEqual(after.decision, 'Allowed')
      },
    ),
    { numRuns: 500 },
  )
})

test('unknown context answers what every concrete context answers', () => {
  fc.assert(
    fc.property(fc.array(statement, { minLength: 1, maxLength: 4 }), request, (statements, r) => {
      const policies = { identity: [policy(statements)] }
      const concrete = authorize({ ...base(r), policies })
      const open: AuthorizationRequest = { ...base(r), context: {}, policies, mode: 'unknown' }
      const unknown = authorize(open)
      const allowedConcretely = concrete.decision === 'Allowed'
      if (unknown.decision === 'Allowed') assert.ok(allowedConcretely)
      else if (unknown.decision === 'AllowedIf' && unknown.condition !== undefined) {
        // the condition, decided with the concrete context, gives the concrete answer
        const ctx = base(r).context
        const holds = decide(
          unknown.condition,
          (leaf) =>
            authorize({
              ...base(r),
              policies: {
                identity: [
                  policy([
                    {
                      Effect: 'Allow',
                      Action: '*',
                      Resource: '*',
                      Condition: { [leaf.operator]: { [leaf.key]: leaf.values } },
                    },
                  ]),
                ],
              },
            }).decision === 'Allowed',
        )
        assert.equal(holds, allowedConcretely, JSON.stringify({ statements, ctx }))
      } else assert.ok(!allowedConcretely)
    }),
    { numRuns: 500 },
  )
})
