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
