import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { test } from 'node:test'
import { loadManifest } from '../manifest/load.ts'
import type { AccountIam, ActualUser } from '../model/account-state.ts'
import type { ResolvedEnvironment } from '../model/resolved.ts'
import { runCheck } from './check.ts'
import { liveEnvironment } from './live-environment.ts'

const FILE = 'examples/tomoda.yaml'

async function environments(): Promise<[ResolvedEnvironment, ResolvedEnvironment]> {
  const loaded = await loadManifest({ file: FILE, text: await readFile(FILE, 'utf8') })
  assert.equal(loaded.kind, 'valid')
  const dev = loaded.manifest.environments.get('dev')
  const prod = loaded.manifest.environments.get('prod')
  assert.ok(dev && prod)
  return [dev, prod]
}

const user = (name: string, more: Partial<ActualUser> = {}): ActualUser => ({
  name,
  id: `AIDA${name.toUpperCase()}`,
  arn: `arn:aws:iam::111111111111:user/${name}`,
  path: '/',
  tags: {},
  inlinePolicies: {},
  managedPolicies: [],
  groups: [],
  ...more,
})

const UPLOAD = {
  Version: '2012-10-17',
  Statement: {
    Sid: 'AllowS3Upload',
    Effect: 'Allow',
    Action: 's3:PutObject',
    Resource: 'arn:aws:s3:::tomoda-assets-dev/*',
  },
}

test('each live inline policy is its own, in IAM shorthand or not; a declared id is kept', async () => {
  // given the dev uploader holding two inline policies, one in IAM's single-value shorthand
  const [dev, prod] = await environments()
  const iam: AccountIam = {
    users: [
      user('tomoda-uploader-dev', {
        inlinePolicies: { keyward: UPLOAD, extra: { Version: '2012-10-17', Statement: [] } },
      }),
    ],
    groups: [],
    roles: [],
    policies: [],
  }
  // when shaped as an environment
  const live = liveEnvironment({ declared: dev, others: [prod], iam })
  // then the user keeps its logical id and nevers, and each inline policy is a policy of its own
  const [uploader] = live.identities
  assert.equal(uploader?.id, 'uploader')
  assert.equal(uploader.never.length, 2)
  assert.deepEqual(
    live.policies.map((p) => p.id),
    ['keyward (inline, user tomoda-uploader-dev)', 'extra (inline, user tomoda-uploader-dev)'],
  )
  assert.deepEqual(live.policies[0]?.policy.document.Statement[0]?.Action, ['s3:PutObject'])
  // and, drifted from the manifest, its statements are located by the user's ARN
  assert.deepEqual(live.policies[0].policy.statementSources, [
    { file: uploader.arn, line: 0, column: 0 },
  ])
})

test("another environment's users stay out; an unreadable policy leaves a never unproven", async () => {
  // given prod's uploader in the same account (tagged by keyward), and a user with a policy
  // the evaluator cannot read
  const [dev, prod] = await environments()
  const iam: AccountIam = {
    users: [
      user('tomoda-uploader-prod', {
        tags: { 'keyward:project': 'tomoda', 'keyward:env': 'prod' },
      }),
      user('tomoda-uploader-dev', { inlinePolicies: { keyward: { Statement: 'nonsense' } } }),
      user('someone'),
    ],
    groups: [],
    roles: [],
    policies: [],
  }
  const live = liveEnvironment({ declared: dev, others: [prod], iam })
  // then prod's user is not dev's to check, and an undeclared one gets a typed id
  assert.deepEqual(
    live.identities.map((i) => i.id),
    ['uploader', 'user/someone'],
  )
  // and the unreadable inline policy makes the uploader's proofs unproven, never "holds"
  const result = await runCheck({
    file: FILE,
    project: 'tomoda',
    environments: [live],
    all: [dev, prod],
  })
  const uploader = result.environments[0]?.identities.find((i) => i.id === 'uploader')
  assert.deepEqual(
    uploader?.never.map((n) => n.verdict),
    ['unproven', 'unproven'],
  )
})

test('live roles: a trust changed by hand is weighed, located by the role ARN', async () => {
  // given two roles nobody declared: one trusting the cluster's issuer with no condition at all,
  // one trusting any AWS principal
  const [dev, prod] = await environments()
  const provider = 'arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/C1'
  const role = (name: string, trustPolicy: unknown) => ({
    name,
    id: `AROA${name.toUpperCase()}`,
    arn: `arn:aws:iam::111111111111:role/${name}`,
    path: '/',
    tags: {},
    trustPolicy,
    maxSessionDuration: 3600,
    inlinePolicies: {},
    managedPolicies: [],
  })
  const iam: AccountIam = {
    users: [],
    groups: [],
    roles: [
      role('pods', {
        Version: '2012-10-17',
        Statement: {
          Effect: 'Allow',
          Principal: { Federated: provider },
          Action: 'sts:AssumeRoleWithWebIdentity',
        },
      }),
      role('open', {
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' },
      }),
    ],
    policies: [],
  }
  // when the account is checked
  const live = liveEnvironment({ declared: dev, others: [prod], iam })
  const result = await runCheck({ file: FILE, project: 'tomoda', environments: [live] })
  // then the issuer's trust lacks both the subject and the audience, the open one admits anyone
  const found = result.findings
    .filter((f) => f.id.startsWith('KW6'))
    .map((f) => [f.id, f.severity, f.identity, f.locations[0]?.location.file])
  assert.deepEqual(found, [
    ['KW605', 'critical', 'role/open', 'arn:aws:iam::111111111111:role/open'],
    ['KW601', 'critical', 'role/pods', 'arn:aws:iam::111111111111:role/pods'],
    ['KW602', 'high', 'role/pods', 'arn:aws:iam::111111111111:role/pods'],
  ])
  // and the hint says what to write in IAM, and in the manifest
  const kw601 = result.findings.find((f) => f.id === 'KW601')
  assert.match(kw601?.detail ?? '', /"oidc\.eks\.us-east-1\.amazonaws\.com\/id\/C1:sub"/)
  assert.match(kw601?.detail ?? '', /serviceAccounts: \[NAMESPACE\/NAME\]/)
  const pods = result.environments[0]?.identities.find((i) => i.id === 'role/pods')
  assert.deepEqual(
    pods?.assumers?.map((a) => [a.kind, a.subjects, a.audiences, a.verdict]),
    [['oidc', [], [], 'wider']],
  )
})
