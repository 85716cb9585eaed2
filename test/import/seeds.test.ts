/**
 * The seeds' Terraform (examples/terraform) imported as a user would: each import yields the
 * identities, policies and key stores of the hand-written example (save where the example
 * improves on the seed on purpose, listed below), reports the risks in the Terraform, and —
 * applied against moto where `terraform apply` left its resources — recreates nothing and keeps
 * every access key id.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { GetUserCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam'
import { GetSecretValueCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { loadManifest } from '../../src/manifest/load.ts'
import type { ResolvedEnvironment } from '../../src/model/resolved.ts'
import type { Plan } from '../../src/plan/plan.ts'
import { startAccount, type TestAccount } from '../support/account.ts'
import { environment, example, normalizePolicy } from '../support/examples.ts'
import { cli } from '../support/io.ts'
import { motoAvailable } from '../support/moto.ts'
import {
  fixtureDir,
  terraformApply,
  type Fixture,
  type TerraformState,
} from '../support/terraform-apply.ts'

interface Seed {
  readonly fixture: Fixture
  readonly example: string
  readonly environments: readonly string[]
  readonly flags: readonly string[]
  /** What the example says on purpose that the seed's Terraform does not: applied to its shape. */
  readonly differences: (shape: Shape, env: string) => void
  readonly risks: readonly string[]
}

type Shape = Record<string, Record<string, unknown>>

const SEEDS: readonly Seed[] = [
  {
    fixture: 'tomoda',
    example: 'tomoda',
    environments: ['dev', 'prod'],
    flags: ['--account', 'dev=111111111111', '--account', 'prod=222222222222'],
    differences: (shape, env) => {
      // keyward's addition: the ESO reader's key in a store of its own, which it may read.
      const reader = shape[`tomoda-eso-reader-${env}`] ?? {}
      delete reader['store']
      const inline = reader['inline'] as { document: { Statement: { Resource: string[] }[] } }
      for (const s of inline.document.Statement)
        s.Resource = s.Resource.filter((r) => !r.includes('eso-reader'))
    },
    risks: ['KW701', 'KW701', 'KW704', 'KW704'],
  },
  {
    fixture: 'nullplatform',
    example: 'nullplatform',
    environments: ['production'],
    flags: ['--env', 'production', '--account', '333333333333'],
    differences: (shape) => {
      // The example scopes ECR to the cluster's repositories; the seed grants repository/*.
      const policy = shape['policy nullplatform-main-ecr-manager-policy'] ?? {}
      const document = policy['document'] as { Statement: { Resource: string[] }[] }
      const [ecr] = document.Statement
      if (ecr !== undefined) ecr.Resource = ['arn:aws:ecr:*:*:repository/*']
    },
    risks: ['KW701', 'KW704'],
  },
  {
    fixture: 'ssm-generated-key',
    example: 'ssm-generated-key',
    environments: ['default'],
    flags: ['--account', '444444444444', '--known', 'random_id.id.hex=3f9a1c07'],
    differences: () => {},
    risks: ['KW704'],
  },
  {
    fixture: 'secrets-centralization',
    example: 'secrets-centralization',
    environments: ['sandbox'],
    flags: [
      '--env',
      'sandbox',
      '--account',
      '666666666666',
      '--link',
      'aws_secretsmanager_secret.dummy_machine_sbx=aws_iam_user.dummy_machine_sbx',
    ],
    differences: (shape) => {
      const user = shape['dummy-machine-sbx'] ?? {}
      // The Terraform names the inline policy; the example keeps keyward's default name.
      ;(user['inline'] as { name: string }).name = 'ecr-push'
      // The example restricts who may read the store; the seed leaves that to IAM.
      ;(user['store'] as Record<string, unknown>)['readers'] = false
    },
    risks: ['KW702'],
  },
]

/** What the examples and the imports must agree on: physical names, documents, stores. */
function shapeOf(env: ResolvedEnvironment): Shape {
  const policyNames = new Map(env.policies.map((p) => [p.arn, p.name]))
  const shape: Shape = {}
  for (const p of env.policies)
    shape[`policy ${p.name}`] = {
      path: p.path,
      document: normalizePolicy(p.policy.document),
    }
  for (const i of env.identities) {
    shape[i.name] = {
      type: i.type,
      path: i.path,
      inline:
        i.inlinePolicy === undefined
          ? undefined
          : { name: i.inlinePolicy.name, document: normalizePolicy(i.inlinePolicy.document) },
      managed: i.managedPolicies.map((m) => policyNames.get(m.arn) ?? m.arn).sort(),
      ...(i.type === 'user'
        ? {
            groups: i.groups.map((g) => g.name).sort(),
            ...(i.key === undefined
              ? {}
              : {
                  store: {
                    type: i.key.store.type,
                    name: i.key.store.name,
                    arn: i.key.store.arn,
                    ...(i.key.store.type === 'secretsmanager'
                      ? {
                          recoveryWindowDays: i.key.store.recoveryWindowDays,
                          readers: i.key.store.resourcePolicy !== undefined,
                        }
                      : {}),
                    format: i.key.format,
                  },
                }),
          }
        : {}),
      ...(i.type === 'role' ? { trust: normalizePolicy(i.trustPolicy) } : {}),
    }
  }
  return JSON.parse(JSON.stringify(shape)) as Shape
}

async function imported(seed: Seed, out: string) {
  const run = await cli([
    'import',
    'terraform',
    fixtureDir(seed.fixture),
    ...seed.flags,
    '-o',
    out,
    '--json',
  ])
  const loaded = await loadManifest({ file: out, text: readFileSync(out, 'utf8') })
  return { run, loaded }
}

for (const seed of SEEDS) {
  describe(`import of ${seed.fixture}'s Terraform`, () => {
    test('yields the example’s identities, policies and key stores', async (t) => {
      const dir = t.fullName.replace(/\W+/g, '-')
      // given the seed's Terraform, when it is imported
      const out = join(await tmp(dir), 'keyward.yaml')
      const { run, loaded } = await imported(seed, out)
      assert.equal(run.status, 0, run.stderr + run.stdout)
      assert.equal(loaded.kind, 'valid', JSON.stringify(loaded.diagnostics, null, 2))
      assert.deepEqual(loaded.diagnostics, [])
      // then every environment matches the example's, but for the example's own improvements
      const wanted = await example(seed.example)
      for (const env of seed.environments) {
        const expected = shapeOf(environment(wanted, env))
        seed.differences(expected, env)
        assert.deepEqual(shapeOf(environment(loaded.manifest, env)), expected, env)
      }
      // and every entry adopts what Terraform made
      assert.ok(Object.values(loaded.manifest.spec.identities).every((i) => i.adopt === true))
    })

    test('reports the risks in the Terraform', async (t) => {
      const out = join(await tmp(t.fullName.replace(/\W+/g, '-')), 'keyward.yaml')
      const { run } = await imported(seed, out)
      const report = JSON.parse(run.stdout) as {
        findings: { id: string; locations: { location: { file: string } }[] }[]
      }
      const kw7 = report.findings.filter((f) => f.id.startsWith('KW7'))
      assert.deepEqual(kw7.map((f) => f.id).sort(), [...seed.risks].sort())
      // each at a place in the Terraform, not in the manifest
      for (const f of kw7) assert.ok(f.locations.every((l) => l.location.file.endsWith('.tf')))
    })
  })
}

async function tmp(name: string): Promise<string> {
  const { mkdtemp } = await import('node:fs/promises')
  const { tmpdir } = await import('node:os')
  return mkdtemp(join(tmpdir(), `keyward-import-${name.slice(0, 40)}-`))
}

for (const seed of SEEDS) {
  for (const env of seed.environments) {
    describe(
      `adopting ${seed.fixture} (${env}) from Terraform, against moto`,
      { skip: !motoAvailable() && 'moto is not installed' },
      () => {
        let a: TestAccount
        let state: TerraformState
        before(async () => {
          const wanted = environment(await example(seed.example), env)
          a = await startAccount(wanted.environment.account, wanted.environment.region)
          state = await terraformApply(a, seed.fixture, env)
          if (seed.fixture === 'secrets-centralization') await realKeyId(a, state)
        })
        after(() => a.close())

        test('apply recreates nothing and keeps every access key id', async () => {
          // given what `terraform apply` left, imported
          const file = join(a.dir, 'keyward.yaml')
          const flags = seed.flags.filter(
            (f, i) => !(f === '--env' || seed.flags[i - 1] === '--env'),
          )
          const run = await a.keyward([
            'import',
            'terraform',
            fixtureDir(seed.fixture),
            ...flags,
            '--env',
            envFlag(seed, env),
            '-o',
            file,
          ])
          assert.equal(run.status, 0, run.stderr + run.stdout)
          // when it is planned and applied
          const planned = await a.keyward(['plan', file, '--env', env, '-o', 'json'])
          assert.equal(planned.status, 0, planned.stderr)
          const plan = JSON.parse(planned.stdout) as Plan
          assert.deepEqual(plan.conflicts, [])
          const made = plan.ops.filter(
            // keyward's own registry of what IAM cannot tag is the one thing it may create.
            (op) => op.kind !== 'registry' && (op.op === 'create' || op.op === 'mint'),
          )
          assert.deepEqual(
            made.map((op) => `${op.op} ${op.kind} ${op.name}`),
            [],
          )
          const applied = await a.keyward(['apply', file, '--env', env, '--yes'])
          assert.equal(applied.status, 0, applied.stderr + applied.stdout)
          // then the users are the ones Terraform made, with the same keys
          for (const [name, principal] of Object.entries(state.users)) {
            const user = await a.iam.send(new GetUserCommand({ UserName: name }))
            assert.equal(user.User?.UserId, principal.id, `${name} was recreated`)
            const keys = await a.iam.send(new ListAccessKeysCommand({ UserName: name }))
            assert.deepEqual(
              (keys.AccessKeyMetadata ?? []).map((k) => k.AccessKeyId).sort(),
              [...(state.accessKeyIds[name] ?? [])].sort(),
              `${name}'s keys`,
            )
          }
          // and a second plan has nothing to do
          const again = await a.keyward(['plan', file, '--env', env, '-o', 'json'])
          const second = JSON.parse(again.stdout) as Plan
          assert.deepEqual(
            second.ops
              .filter((op) => op.op !== 'no-op')
              .map((op) => `${op.op} ${op.kind} ${op.name}`),
            [],
          )
          a.assertNothingLeaked()
        })
      },
    )
  }
}

function envFlag(seed: Seed, env: string): string {
  return seed.fixture === 'tomoda' ? `${env}=${fixtureDir(seed.fixture)}/${env}.tfvars` : env
}

/**
 * The seed's variable holds an example key id; a team's holds its user's real one. The store
 * gets the real id, as the team's console edit would have left it.
 */
async function realKeyId(a: TestAccount, state: TerraformState): Promise<void> {
  const [id] = state.accessKeyIds['dummy-machine-sbx'] ?? []
  const current = await a.secrets.send(new GetSecretValueCommand({ SecretId: 'dummy-machine-sbx' }))
  const value = JSON.parse(current.SecretString ?? '{}') as Record<string, string>
  await a.secrets.send(
    new PutSecretValueCommand({
      SecretId: 'dummy-machine-sbx',
      SecretString: JSON.stringify({ ...value, AWS_ACCESS_KEY_ID: id }),
    }),
  )
}
