/**
 * IRSA end to end (seed 003, Penn Labs): apply creates the IAM OIDC provider the roles' trust
 * names — before the roles, as IAM requires — and each role trusts exactly its service accounts
 * with the STS audience. A GKE issuer works the same way; a second apply changes nothing; a
 * provider made elsewhere is used as it is; and the provider keyward created goes only once no
 * role needs it, and only with --allow-delete.
 *
 * moto has no AddClientIDToOpenIDConnectProvider nor RemoveClientIDFromOpenIDConnectProvider:
 * audience drift on a provider keyward owns is covered by the planner cases
 * (src/plan/cases/oidc-provider-*.yaml), not here.
 */
import {
  CreateOpenIDConnectProviderCommand,
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  ListOpenIDConnectProvidersCommand,
  type GetOpenIDConnectProviderCommandOutput,
} from '@aws-sdk/client-iam'
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Op, Plan } from '../../src/plan/plan.ts'
import { startAccount, type TestAccount } from '../support/account.ts'
import { motoAvailable } from '../support/moto.ts'

const ACCOUNT = '555555555555'
const ISSUER = 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E'
const HOST = ISSUER.slice('https://'.length)
const GKE_ISSUER =
  'https://container.googleapis.com/v1/projects/pennlabs/locations/us-central1/clusters/apps'
const GKE_HOST = GKE_ISSUER.slice('https://'.length)
const ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${HOST}`
const GKE_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${GKE_HOST}`

/** The Penn Labs example, plus a role trusting a GKE issuer and one with a boundary. */
const PENNLABS = readFileSync('examples/pennlabs-irsa.yaml', 'utf8')
const EXTRA_ROLES = `
  metrics-exporter:
    type: role
    name: metrics-exporter
    trust:
      oidc:
        issuer: ${GKE_ISSUER}
        serviceAccounts: [metrics/exporter]
  batch:
    type: role
    name: batch-runner
    maxSessionDuration: 4h
    permissionsBoundary: batch-boundary
    trust:
      oidc:
        issuer: \${oidc_issuer}
        serviceAccounts: [batch/runner]
    allow:
      - actions: [s3:GetObject]
        resources: ["arn:\${partition}:s3:::pennlabs-batch/*"]
`
const POLICIES = `
policies:
  batch-boundary:
    name: pennlabs-batch-boundary
    allow:
      - actions: [s3:GetObject, s3:PutObject]
        resources: ["arn:\${partition}:s3:::pennlabs-batch/*"]
`
/** The manifest with the extra roles, and `more` identities after them. */
const manifest = (more = '') => PENNLABS + EXTRA_ROLES + more + POLICIES

/** The same project with no role trusting an OIDC issuer any more. */
const NO_ROLES = `version: 1
project: pennlabs
environments:
  production: { account: "${ACCOUNT}", region: us-east-1 }
identities: {}
`

/** What each Penn Labs role's trust must say, exactly: its service accounts, the STS audience. */
const EXPECTED_SUBJECTS: Readonly<Record<string, readonly string[]>> = {
  'team-sync': ['system:serviceaccount:default:team-sync'],
  platform: ['system:serviceaccount:default:platform'],
  'secret-sync': [
    'system:serviceaccount:default:secret-sync',
    'system:serviceaccount:monitoring:secret-sync',
  ],
  'cert-manager': ['system:serviceaccount:cert-manager:cert-manager'],
  'batch-runner': ['system:serviceaccount:batch:runner'],
}

const changes = (plan: Plan): Op[] =>
  plan.ops.filter((op) => op.op !== 'no-op' && op.kind !== 'registry')
const summary = (plan: Plan) => changes(plan).map((op) => `${op.op} ${op.kind} ${op.name}`)

interface Trust {
  Statement: {
    Effect: string
    Principal: { Federated?: string | string[] }
    Action: string | string[]
    Condition?: Record<string, Record<string, string | string[]>>
  }[]
}

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v]

describe(
  'OIDC providers for IRSA roles',
  { skip: !motoAvailable() && 'moto is not installed' },
  () => {
    let a: TestAccount
    let file: string
    const run = async (text: string, ...args: string[]) => {
      writeFileSync(file, text)
      return a.keyward([...args.slice(0, 1), file, '--env', 'production', ...args.slice(1)])
    }
    const plan = async (text: string, ...args: string[]): Promise<Plan> => {
      const out = await run(text, 'plan', '-o', 'json', ...args)
      assert.equal(out.status, 0, out.stderr)
      return JSON.parse(out.stdout) as Plan
    }
    const provider = (arn: string) =>
      a.iam
        .send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))
        .then((p): GetOpenIDConnectProviderCommandOutput | undefined => p)
        .catch(() => undefined)
    const trustOf = async (name: string): Promise<Trust> => {
      const { Role: role } = await a.iam.send(new GetRoleCommand({ RoleName: name }))
      const text = role?.AssumeRolePolicyDocument ?? ''
      return JSON.parse(text.startsWith('{') ? text : decodeURIComponent(text)) as Trust
    }

    before(async () => {
      a = await startAccount(ACCOUNT)
      file = join(a.dir, 'keyward.yaml')
    })
    after(() => a.close())

    test('the plan creates each provider before any role whose trust names it', async () => {
      const p = await plan(manifest())
      const ops = summary(p)
      const eks = ops.indexOf(`create oidc-provider ${ISSUER}`)
      const gke = ops.indexOf(`create oidc-provider ${GKE_ISSUER}`)
      assert.ok(eks >= 0 && gke >= 0, ops.join('\n'))
      const firstRole = ops.findIndex((o) => o.startsWith('create role '))
      assert.ok(eks < firstRole && gke < firstRole, ops.join('\n'))
      assert.deepEqual(p.conflicts, [])
    })

    test('apply creates the providers with the STS audience, tagged as keyward’s', async () => {
      const out = await run(manifest(), 'apply', '--yes')
      assert.equal(out.status, 0, out.stderr)
      for (const [arn, url] of [
        [ARN, HOST],
        [GKE_ARN, GKE_HOST],
      ] as const) {
        const p = await provider(arn)
        assert.ok(p, `provider ${arn} exists`)
        assert.equal(p.Url, url)
        assert.deepEqual(p.ClientIDList, ['sts.amazonaws.com'])
        // No thumbprints in the manifest: none sent, IAM keeps its own.
        assert.deepEqual(p.ThumbprintList ?? [], [])
        const tags = Object.fromEntries(
          (p.Tags ?? []).map((t): [string, string] => [t.Key ?? '', t.Value ?? '']),
        )
        assert.equal(tags['keyward:managed'], 'true')
        assert.equal(tags['keyward:project'], 'pennlabs')
        assert.equal(tags['keyward:env'], 'production')
        assert.equal(tags['keyward:id'], url)
      }
    })

    test('each role trusts exactly its service accounts, with the STS audience', async () => {
      for (const [name, subjects] of Object.entries(EXPECTED_SUBJECTS)) {
        const trust = await trustOf(name)
        assert.equal(trust.Statement.length, 1, name)
        const [statement] = trust.Statement
        assert.ok(statement)
        assert.equal(statement.Effect, 'Allow')
        assert.deepEqual(list(statement.Principal.Federated), [ARN], name)
        assert.deepEqual(list(statement.Action), ['sts:AssumeRoleWithWebIdentity'], name)
        assert.deepEqual(
          statement.Condition,
          {
            StringEquals: {
              [`${HOST}:aud`]: ['sts.amazonaws.com'],
              [`${HOST}:sub`]: subjects,
            },
          },
          `conditions of ${name}: StringEquals on aud and sub, and no StringLike`,
        )
      }
      const gke = await trustOf('metrics-exporter')
      assert.deepEqual(list(gke.Statement[0]?.Principal.Federated), [GKE_ARN])
      assert.deepEqual(gke.Statement[0]?.Condition, {
        StringEquals: {
          [`${GKE_HOST}:aud`]: ['sts.amazonaws.com'],
          [`${GKE_HOST}:sub`]: ['system:serviceaccount:metrics:exporter'],
        },
      })
    })

    test('a role keeps its session length and permissions boundary', async () => {
      const { Role: role } = await a.iam.send(new GetRoleCommand({ RoleName: 'batch-runner' }))
      assert.equal(role?.MaxSessionDuration, 4 * 3600)
      assert.equal(
        role.PermissionsBoundary?.PermissionsBoundaryArn,
        `arn:aws:iam::${ACCOUNT}:policy/pennlabs-batch-boundary`,
      )
    })

    test('a second apply has nothing to do', async () => {
      const p = await plan(manifest())
      assert.deepEqual(summary(p), [])
      assert.deepEqual(p.conflicts, [])
      const text = await run(manifest(), 'plan')
      assert.match(text.stdout, /No changes\./)
    })

    test('thumbprints a role gives are put on the provider keyward owns, in place', async () => {
      // given a role that pins the issuer's certificate thumbprint
      const pinned = manifest(`
  pinned:
    type: role
    name: pinned
    trust:
      oidc:
        issuer: \${oidc_issuer}
        serviceAccounts: [pinned/pinned]
        thumbprints: [9E99A48A9960B14926BB7F3B02E22DA2B0AB7280]
`)
      // when planned, then the provider is updated in place before the role is created
      const p = await plan(pinned)
      assert.deepEqual(summary(p), [`update oidc-provider ${ISSUER}`, 'create role pinned'])
      assert.deepEqual(
        changes(p)[0]?.steps.map((step) => step.kind),
        ['update-oidc-thumbprints'],
      )
      const out = await run(pinned, 'apply', '--yes')
      assert.equal(out.status, 0, out.stderr)
      assert.deepEqual((await provider(ARN))?.ThumbprintList, [
        '9e99a48a9960b14926bb7f3b02e22da2b0ab7280',
      ])
      assert.deepEqual(summary(await plan(pinned)), [])

      // and once no role gives thumbprints, the provider keeps the ones it has
      const back = await run(manifest(), 'apply', '--yes', '--allow-delete')
      assert.equal(back.status, 0, back.stderr)
      assert.deepEqual((await provider(ARN))?.ThumbprintList, [
        '9e99a48a9960b14926bb7f3b02e22da2b0ab7280',
      ])
      assert.deepEqual(summary(await plan(manifest())), [])
    })

    test('a provider keyward did not create is used as it is; a missing audience is a conflict', async () => {
      // given a provider someone else made for another cluster
      const other = 'https://oidc.eks.us-west-2.amazonaws.com/id/TERRAFORMMADE'
      const otherArn = `arn:aws:iam::${ACCOUNT}:oidc-provider/${other.slice('https://'.length)}`
      await a.iam.send(
        new CreateOpenIDConnectProviderCommand({
          Url: other,
          ClientIDList: ['sts.amazonaws.com'],
          ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
          Tags: [{ Key: 'terraform-module', Value: 'eks' }],
        }),
      )
      const role = (audience: string) => `
  west:
    type: role
    name: west-worker
    trust:
      oidc:
        issuer: ${other}
        serviceAccounts: [jobs/worker]
        audience: ${audience}
`
      // when a role trusts it with the audience it lists, then only the role is created
      const fits = await plan(manifest(role('sts.amazonaws.com')))
      assert.deepEqual(summary(fits), ['create role west-worker'])
      const shown = await run(manifest(role('sts.amazonaws.com')), 'plan')
      assert.match(shown.stdout, /\[=\] oidc-provider .*TERRAFORMMADE/)
      assert.match(shown.stdout, /uses existing provider \(keyward did not create it/)

      // when the role needs an audience it lacks, then that is a conflict naming the fix
      const lacks = await plan(manifest(role('jobs.example.com')))
      assert.equal(lacks.conflicts.length, 1)
      assert.match(
        lacks.conflicts[0]?.message ?? '',
        /does not accept the audience jobs\.example\.com/,
      )
      assert.ok(
        lacks.conflicts[0]?.hint.includes(
          `aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${otherArn} --client-id jobs.example.com`,
        ),
        lacks.conflicts[0]?.hint,
      )
      const refused = await run(manifest(role('jobs.example.com')), 'apply', '--yes')
      assert.notEqual(refused.status, 0)

      // and the provider is exactly as it was
      const untouched = await provider(otherArn)
      assert.ok(untouched)
      assert.deepEqual(untouched.ClientIDList, ['sts.amazonaws.com'])
      assert.deepEqual(untouched.ThumbprintList, ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'])
    })

    test('removing the roles deletes the providers only with --allow-delete, after the roles', async () => {
      // when the roles are removed without --allow-delete
      const held = await run(NO_ROLES, 'apply', '--yes')
      assert.equal(held.status, 0, held.stderr)
      // then the providers and the roles are still there
      assert.ok(await provider(ARN))
      assert.ok(await provider(GKE_ARN))
      await a.iam.send(new GetRoleCommand({ RoleName: 'team-sync' }))

      // when planned with --allow-delete, the providers go after every role
      const p = await plan(NO_ROLES, '--allow-delete')
      const ops = summary(p)
      const lastRole = ops.findLastIndex((o) => o.startsWith('delete role '))
      const providers = ops.flatMap((o, i) => (o.startsWith('delete oidc-provider ') ? [i] : []))
      assert.equal(providers.length, 2, ops.join('\n'))
      assert.ok(
        providers.every((i) => i > lastRole),
        ops.join('\n'),
      )

      const done = await run(NO_ROLES, 'apply', '--yes', '--allow-delete')
      assert.equal(done.status, 0, done.stderr)
      // then keyward's providers are gone, and the one it did not create is not
      assert.equal(await provider(ARN), undefined)
      assert.equal(await provider(GKE_ARN), undefined)
      const left = await a.iam.send(new ListOpenIDConnectProvidersCommand({}))
      assert.deepEqual(
        (left.OpenIDConnectProviderList ?? []).map((x) => x.Arn),
        [`arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/TERRAFORMMADE`],
      )
      assert.deepEqual(summary(await plan(NO_ROLES, '--allow-delete')), [])
    })
  },
)
