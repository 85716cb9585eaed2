/**
 * Each seed system, applied to its own moto account through the CLI as a user would: the apply
 * succeeds, a second plan is all no-ops, everything keyward created carries its ownership (tags,
 * or the registry for what IAM cannot tag), every minted key works, and nothing secret was shown.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { TAG_ENV, TAG_ID, TAG_MANAGED, TAG_PROJECT } from '../../src/model/tags.ts'
import type { Plan } from '../../src/plan/plan.ts'
import { policyKey, registryName } from '../../src/plan/registry.ts'
import { GetParameterCommand } from '@aws-sdk/client-ssm'
import { startAccount, type TestAccount } from '../support/account.ts'
import { environment, example } from '../support/examples.ts'
import { iamDetails, parameterTags, secretTags, storedKey, whoAmI } from '../support/inspect.ts'
import { motoAvailable } from '../support/moto.ts'

const SEEDS: readonly (readonly [string, string])[] = [
  ['tomoda', 'dev'],
  ['tomoda', 'prod'],
  ['tomoda-federated', 'prod'],
  ['nullplatform', 'production'],
  ['ssm-generated-key', 'default'],
  ['pennlabs-irsa', 'production'],
  ['secrets-centralization', 'sandbox'],
]

for (const [name, envName] of SEEDS) {
  describe(
    `seed ${name} (${envName}) against moto`,
    { skip: !motoAvailable() && 'moto is not installed' },
    () => {
      let a: TestAccount
      const file = `examples/${name}.yaml`

      before(async () => {
        const env = environment(await example(name), envName)
        a = await startAccount(env.environment.account, env.environment.region)
      })
      after(() => a.close())

      test('applies, and a second plan changes nothing', async () => {
        // given an empty account, when the manifest is applied
        const applied = await a.keyward(['apply', file, '--env', envName, '--yes'])
        assert.equal(applied.status, 0, applied.stderr)
        assert.match(applied.stdout, /Apply complete/)
        // then planning again finds nothing to do
        const again = await a.keyward(['plan', file, '--env', envName, '-o', 'json'])
        assert.equal(again.status, 0, again.stderr)
        const plan = JSON.parse(again.stdout) as Plan
        assert.deepEqual(plan.conflicts, [])
        assert.deepEqual(
          plan.ops.filter((op) => op.op !== 'no-op').map((op) => `${op.op} ${op.kind} ${op.name}`),
          [],
        )
        const detailed = await a.keyward(['plan', file, '--env', envName, '--detailed-exitcode'])
        assert.equal(detailed.status, 0)
      })

      test('everything it created is marked as keyward’s', async () => {
        const env = environment(await example(name), envName)
        const owner = { [TAG_MANAGED]: 'true', [TAG_PROJECT]: env.project, [TAG_ENV]: envName }
        const details = await iamDetails(a)
        const tagged = (
          list: { Key?: string | undefined; Value?: string | undefined }[] | undefined,
          id: string,
        ) => {
          const tags = Object.fromEntries((list ?? []).map((t) => [t.Key ?? '', t.Value ?? '']))
          assert.deepEqual({ ...tags, ...owner, [TAG_ID]: id }, tags, `tags of ${id}`)
        }
        const registry = await a.ssm
          .send(
            new GetParameterCommand({
              Name: registryName({ project: env.project, environment: envName }),
            }),
          )
          .then(
            (r) => JSON.parse(r.Parameter?.Value ?? '{}') as { groups?: object; policies?: object },
          )
          .catch(() => ({ groups: {}, policies: {} }))
        for (const identity of env.identities) {
          if (identity.type === 'user') {
            const user = details.UserDetailList?.find((u) => u.UserName === identity.name)
            assert.ok(user, `user ${identity.name} exists`)
            tagged(user.Tags, identity.id)
          } else if (identity.type === 'role') {
            const role = details.RoleDetailList?.find((r) => r.RoleName === identity.name)
            assert.ok(role, `role ${identity.name} exists`)
            tagged(role.Tags, identity.id)
          } else {
            assert.ok(details.GroupDetailList?.some((g) => g.GroupName === identity.name))
            assert.equal((registry.groups as Record<string, string>)[identity.name], identity.id)
          }
        }
        for (const policy of env.policies) {
          assert.ok(
            details.Policies?.some((p) => p.Arn === policy.arn),
            `policy ${policy.name}`,
          )
          assert.equal(
            (registry.policies as Record<string, string>)[policyKey(policy.arn)],
            policy.id,
          )
        }
        const secrets = await secretTags(a)
        const parameters = await parameterTags(a)
        for (const identity of env.identities) {
          if (identity.type !== 'user' || identity.key === undefined) continue
          const store = identity.key.store
          const tags = (store.type === 'secretsmanager' ? secrets : parameters).get(store.name)
          assert.ok(tags, `store ${store.name} exists`)
          tagged(
            Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
            identity.id,
          )
        }
      })

      test('every minted key works, and is the one its store holds', async () => {
        const env = environment(await example(name), envName)
        for (const identity of env.identities) {
          if (identity.type !== 'user' || identity.key === undefined) continue
          const key = await storedKey(a, identity)
          assert.equal(await whoAmI(a, key), identity.arn)
        }
      })

      test('no secret access key, and no whole key id, appeared in any output', () => {
        assert.ok(a.minted.size > 0 || name === 'pennlabs-irsa')
        a.assertNothingLeaked()
      })
    },
  )
}
