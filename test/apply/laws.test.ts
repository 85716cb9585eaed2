/**
 * Laws of plan and apply, over generated manifests, against moto: once a manifest is applied,
 * planning it again changes nothing; and going from any manifest to any other (renames, changed
 * documents, identities and keys added or removed) ends, after one apply, in an account that
 * matches the second exactly.
 */
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { stringify } from 'yaml'
import type { Plan } from '../../src/plan/plan.ts'
import { startAccount, type TestAccount } from '../support/account.ts'
import { motoAvailable } from '../support/moto.ts'

const ACTIONS = ['s3:GetObject', 's3:PutObject', 'sqs:SendMessage', 'sqs:ReceiveMessage']
const IDS = ['a', 'b', 'c']

const statement = fc.record({
  actions: fc.uniqueArray(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 3 }),
  bucket: fc.constantFrom('one', 'two'),
})
const allow = fc.array(statement, { minLength: 1, maxLength: 2 }).map((list) =>
  list.map((s) => ({
    actions: s.actions,
    resources: s.actions.map((a) =>
      a.startsWith('s3:')
        ? `arn:aws:s3:::laws-${s.bucket}/*`
        : `arn:aws:sqs:us-east-1:111111111111:laws-${s.bucket}`,
    ),
  })),
)
/** A name suffix: changing it between two manifests renames the resource. */
const suffix = fc.constantFrom('', '-renamed')

const manifest = fc
  .record({
    policies: fc.uniqueArray(fc.constantFrom(...IDS), { maxLength: 2 }),
    policyAllow: allow,
    groups: fc.uniqueArray(fc.constantFrom(...IDS), { maxLength: 2 }),
    groupSuffix: suffix,
    users: fc.uniqueArray(fc.constantFrom(...IDS), { minLength: 1, maxLength: 3 }),
    userSuffix: suffix,
    userAllow: fc.option(allow, { nil: undefined }),
    key: fc.constantFrom('none', 'secretsmanager', 'ssm'),
    text: fc.boolean(),
    roles: fc.uniqueArray(fc.constantFrom(...IDS), { maxLength: 2 }),
    service: fc.constantFrom('lambda.amazonaws.com', 'ec2.amazonaws.com'),
  })
  .map((m) => {
    const identities: Record<string, unknown> = {}
    for (const id of m.groups) {
      identities[`group-${id}`] = {
        type: 'group',
        name: `laws-group-${id}${m.groupSuffix}`,
        managedPolicies: m.policies.map((p) => `policy-${p}`),
      }
    }
    for (const [index, id] of m.users.entries()) {
      identities[`user-${id}`] = {
        type: 'user',
        name: `laws-user-${id}${m.userSuffix}`,
        ...(m.userAllow === undefined ? {} : { allow: m.userAllow }),
        groups: m.groups.slice(0, index + 1).map((g) => `group-${g}`),
        ...(m.key === 'none' || index > 0
          ? {}
          : {
              key: {
                store:
                  m.key === 'ssm'
                    ? { type: 'ssm', name: `/laws/${id}/key` }
                    : { type: 'secretsmanager', name: `laws/${id}/key` },
                ...(m.text ? { format: '${key.secret}' } : {}),
                rotation: { every: 'never' },
              },
            }),
      }
    }
    for (const id of m.roles) {
      identities[`role-${id}`] = {
        type: 'role',
        name: `laws-role-${id}`,
        trust: { services: [m.service] },
        managedPolicies: m.policies.slice(0, 1).map((p) => `policy-${p}`),
      }
    }
    const policies = Object.fromEntries(
      m.policies.map((id) => [`policy-${id}`, { name: `laws-policy-${id}`, allow: m.policyAllow }]),
    )
    return stringify({
      version: 1,
      project: 'laws',
      environments: { dev: { account: '111111111111', region: 'us-east-1' } },
      ...(m.policies.length > 0 ? { policies } : {}),
      identities,
    })
  })

describe('laws of plan and apply', { skip: !motoAvailable() && 'moto is not installed' }, () => {
  let a: TestAccount
  let file: string
  before(async () => {
    a = await startAccount('111111111111')
    file = join(a.dir, 'keyward.yaml')
  })
  after(() => a.close())

  const changes = async () => {
    const planned = await a.keyward(['plan', file, '-o', 'json', '--allow-delete'])
    assert.equal(planned.status, 0, planned.stderr)
    const plan = JSON.parse(planned.stdout) as Plan
    assert.deepEqual(plan.conflicts, [])
    return plan.ops.filter((op) => op.op !== 'no-op').map((op) => `${op.op} ${op.kind} ${op.name}`)
  }
  const apply = async (text: string) => {
    writeFileSync(file, text)
    const applied = await a.keyward(['apply', file, '--yes', '--allow-delete'])
    assert.equal(applied.status, 0, `${text}\n${applied.stdout}\n${applied.stderr}`)
  }

  test('any manifest, applied over any other, leaves nothing to change', async () => {
    await fc.assert(
      fc.asyncProperty(manifest, manifest, async (first, second) => {
        await a.moto.reset()
        await apply(first)
        assert.deepEqual(await changes(), [], `after applying:\n${first}`)
        await apply(second)
        assert.deepEqual(await changes(), [], `after going from:\n${first}\nto:\n${second}`)
      }),
      { numRuns: 6, seed: 20261121 },
    )
  })

  test('nothing secret was shown', () => a.assertNothingLeaked())
})
