/**
 * The runner's role suffices: rotations run through `keyward rotate --due` against moto, from
 * the first key's rotation to the old key's deletion — and through a run cut short between an
 * SSM write and its tag — and every request they sent, captured at the fault proxy, is mapped to
 * the IAM action and resource AWS would authorize it as and decided by keyward's evaluator
 * against the role `render runner` wrote. moto cannot do this itself: it matches ARN-scoped
 * policies only for S3 and IAM roles (moto-gaps.md, item 5), and ignores conditions (item 7).
 *
 * The role is also no wider than the rotation: every action it grants on a store, a key or the
 * journal was needed by some request. A request the mapping does not know fails the test.
 */
import assert from 'node:assert/strict'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { GetUserCommand, ListAccessKeysCommand, ListUserTagsCommand } from '@aws-sdk/client-iam'
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager'
import { principalPolicies } from '../../src/analyze/principal-policies.ts'
import { loadManifest } from '../../src/manifest/load.ts'
import type { ResolvedRole } from '../../src/model/resolved.ts'
import { authorize, type PolicySet } from '../../src/policy/eval/authorize.ts'
import { ADMIN, startAccount, type TestAccount } from '../support/account.ts'
import type { ProxyCall } from '../support/fault-proxy.ts'
import { motoAvailable } from '../support/moto.ts'

const ACCOUNT = '111122223333'
const REGION = 'us-east-1'
const SECRET_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0f0f0f0f-1111-2222-3333-444444444444`
const ALIAS = 'alias/runner-params'
/** The key the alias names, as KMS would resolve it. */
const ALIASED_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/5e5e5e5e-aaaa-bbbb-cccc-dddddddddddd`
const ADVANCED_KEY_ID = '7a7a7a7a-1234-5678-9abc-def012345678'

const ROTATION = '{ every: 90d, drain: 1d, deactivateFor: 1d }'
const MANIFEST = `version: 1
project: runner
environments:
  test: { account: '${ACCOUNT}', region: ${REGION} }
identities:
  web:
    type: user
    allow: [{ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::runner-web/*'] }]
    key:
      store: { type: secretsmanager, name: runner/web, kmsKey: '${SECRET_KEY}' }
      # Consumers that re-read hourly: the drain asks IAM when the old key was last used.
      rotation: { every: 90d, drain: 7d, deactivateFor: 1d }
    consumers:
      - kubernetes: { namespace: web, secret: web-aws, refresh: 1h }
  batch:
    type: user
    path: /jobs/
    key:
      store: { type: ssm, name: /runner/batch, kmsKey: ${ALIAS} }
      rotation: ${ROTATION}
  archive:
    type: user
    key:
      store: { type: ssm, name: /runner/archive, tier: Advanced, kmsKey: ${ADVANCED_KEY_ID} }
      rotation: ${ROTATION}
  plain:
    type: user
    key:
      store: { type: secretsmanager, name: runner/plain }
      rotation: ${ROTATION}
  keyless:
    type: user
  readers:
    type: group
  app:
    type: role
    trust: { services: [ecs-tasks.amazonaws.com] }
`
const USERS = ['web', 'batch', 'archive', 'plain']
/** IAM's key operations, each authorized on the user whose key it is. */
const KEY_OPERATIONS = [
  'ListAccessKeys',
  'CreateAccessKey',
  'UpdateAccessKey',
  'DeleteAccessKey',
  'GetAccessKeyLastUsed',
]
const RUNNER = 'keyward-runner'

interface Authorization {
  readonly action: string
  readonly resource: string
  readonly context?: Readonly<Record<string, string | readonly string[]>>
}

describe(
  'the runner role allows every request of a rotation',
  { skip: !motoAvailable() && 'moto is not installed' },
  () => {
    let a: TestAccount
    let file: string
    const calls: ProxyCall[] = []
    let recording = false
    before(async () => {
      a = await startAccount(ACCOUNT, REGION)
      file = join(a.dir, 'keyward.yaml')
      await writeFile(file, MANIFEST)
      const rendered = await a.keyward(['render', 'runner', file, '--merge'])
      assert.equal(rendered.status, 0, rendered.stderr)
      const applied = await a.keyward(['apply', file, '--yes'])
      assert.equal(applied.status, 0, applied.stderr)
      a.proxy.onCall((call) => {
        if (recording) calls.push(call)
      })
    })
    after(() => a.close())

    const keysOf = async (user: string) =>
      (
        (await a.iam.send(new ListAccessKeysCommand({ UserName: user }))).AccessKeyMetadata ?? []
      ).map((k) => k.AccessKeyId ?? '')
    const rotate = async (clock: string) => {
      recording = true
      try {
        return await a.keyward(['rotate', file, '--due', '--yes', '--clock', clock, '-o', 'json'])
      } finally {
        recording = false
      }
    }

    test('rotations from creation to deletion, cut short once, all run', async () => {
      const before = await Promise.all(USERS.map(keysOf))
      // given store writes that keep failing on the first run: Secrets Manager's before the key
      // is stored (the journal is created, not written to, on a first run), SSM's between the
      // value and its tag
      a.proxy.setRules([
        { kind: 'server-error', operation: 'ssm:AddTagsToResource' },
        { kind: 'server-error', operation: 'secretsmanager:PutSecretValue' },
      ])
      const cut = await rotate('+100d')
      a.proxy.setRules([])
      assert.equal(cut.status, 3, cut.stdout)
      // then the next runs pick them up (reading the stores, deleting a key never stored),
      // deactivate the old keys and delete them
      for (const clock of ['+2401h', '+102d', '+110d']) {
        const run = await rotate(clock)
        assert.equal(run.status, 0, `${clock}\n${run.stdout}\n${run.stderr}`)
      }
      const afterwards = await Promise.all(USERS.map(keysOf))
      for (const [i, keys] of afterwards.entries()) {
        assert.equal(keys.length, 1, `${USERS[i] ?? ''}: ${keys.length} keys`)
        assert.notDeepEqual(keys, before[i], `${USERS[i] ?? ''} was not rotated`)
      }
      a.assertNothingLeaked()
    })

    test('every request the runs made is allowed to the runner role', async () => {
      const { policies, role } = await runnerPolicies(file)
      const principal = `arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/keyward-runner`
      // Requests signed with a new key are that key proving itself: none are the runner's.
      const mine = calls.filter((c) => c.accessKeyId === ADMIN.accessKeyId)
      const theirs = calls.filter((c) => c.accessKeyId !== ADMIN.accessKeyId)
      assert.deepEqual([...new Set(theirs.map((c) => c.operation))], ['sts:GetCallerIdentity'])
      assert.ok(mine.length > 40, `${mine.length} requests`)
      const denied: string[] = []
      const used = new Set<string>()
      for (const call of mine) {
        for (const authz of await authorizations(a, call)) {
          used.add(authz.action)
          const result = authorize({
            principal,
            action: authz.action,
            resource: authz.resource,
            ...(authz.context === undefined ? {} : { context: authz.context }),
            policies,
            mode: 'strict',
          })
          if (result.decision !== 'Allowed')
            denied.push(
              `${call.operation}: ${authz.action} on ${authz.resource} → ${result.decision}`,
            )
        }
      }
      assert.deepEqual([...new Set(denied)], [])
      // and the role grants nothing on stores, keys or the journal that no request needed
      const granted = role.inlinePolicy?.document.Statement.flatMap((s) => s.Action ?? []) ?? []
      const unused = [...new Set(granted)].filter((g) => !g.startsWith('logs:') && !used.has(g))
      assert.deepEqual(unused, [])
    })
  },
)

async function runnerPolicies(
  file: string,
): Promise<{ readonly policies: PolicySet; readonly role: ResolvedRole }> {
  const loaded = await loadManifest({ file, text: await readFile(file, 'utf8') })
  assert.equal(loaded.kind, 'valid')
  const env = loaded.manifest.environments.get('test')
  const role = env?.identities.find((i) => i.id === RUNNER)
  assert.ok(env && role?.type === 'role')
  return { policies: principalPolicies(env, role).set, role }
}

/**
 * What AWS authorizes a request as: its action, on the resource it names, with the context the
 * role's conditions read. Secrets Manager and Parameter Store call KMS for a store's own key on
 * the caller's behalf, so those requests carry the KMS calls they cause.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
async function authorizations(a: TestAccount, call: ProxyCall): Promise<Authorization[]> {
  const [service, operation = ''] = call.operation.split(':')
  const action = call.operation
  const text = call.request?.toString('utf8') ?? ''
  if (service === 'sts' && operation === 'GetCallerIdentity') return []
  if (service === 'iam') {
    const params = new URLSearchParams(text)
    const user =
      operation === 'GetAccessKeyLastUsed'
        ? /<UserName>([^<]+)<\/UserName>/.exec(call.body?.toString('utf8') ?? '')?.[1]
        : params.get('UserName')
    if (!KEY_OPERATIONS.includes(operation) || user === undefined || user === null)
      throw new Error(`unmapped: ${action} ${text}`)
    const arn = (await a.iam.send(new GetUserCommand({ UserName: user }))).User?.Arn ?? ''
    const tags = (await a.iam.send(new ListUserTagsCommand({ UserName: user }))).Tags ?? []
    const context = Object.fromEntries(
      tags.map((t) => [`aws:ResourceTag/${t.Key ?? ''}`, t.Value ?? '']),
    )
    return [{ action, resource: arn, context }]
  }
  const params = JSON.parse(text === '' ? '{}' : text) as Record<string, unknown>
  const named = (...keys: string[]) => {
    const found = keys.map((k) => params[k]).find((v) => typeof v === 'string')
    if (found === undefined) throw new Error(`unmapped: ${action} names nothing: ${text}`)
    return found
  }
  if (service === 'secretsmanager') {
    const id = named('SecretId', 'Name')
    const secret = await a.secrets.send(new DescribeSecretCommand({ SecretId: id }))
    const resource = secret.ARN ?? ''
    const tags = Array.isArray(params['Tags']) && params['Tags'].length > 0
    const key = secret.KmsKeyId
    switch (operation) {
      case 'GetSecretValue':
      case 'DescribeSecret':
      case 'UpdateSecretVersionStage':
        return [{ action, resource }]
      case 'CreateSecret':
        return [
          { action, resource },
          ...(tags ? [{ action: 'secretsmanager:TagResource', resource }] : []),
        ]
      case 'PutSecretValue':
        // A new version: Secrets Manager asks KMS for a data key under the secret's own key.
        return [
          { action, resource },
          ...(key === undefined
            ? []
            : kms(['kms:GenerateDataKey', 'kms:Decrypt'], key, 'secretsmanager')),
        ]
    }
    throw new Error(`unmapped: ${action} ${text}`)
  }
  if (service === 'ssm') {
    const name = named('Name', 'ResourceId')
    const resource = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${name.replace(/^\//, '')}`
    switch (operation) {
      case 'ListTagsForResource':
      case 'AddTagsToResource':
      case 'GetParameterHistory':
      case 'LabelParameterVersion':
        return [{ action, resource }]
      case 'PutParameter': {
        const key = params['KeyId']
        // A standard parameter is encrypted by the key itself, an advanced one under a data key.
        const use = params['Tier'] === 'Advanced' ? 'kms:GenerateDataKey' : 'kms:Encrypt'
        return [{ action, resource }, ...(typeof key === 'string' ? kms([use], key, 'ssm') : [])]
      }
    }
  }
  throw new Error(`unmapped: ${action} ${text}`)
}

function kms(
  actions: readonly string[],
  key: string,
  via: 'ssm' | 'secretsmanager',
): Authorization[] {
  const alias = key.startsWith('alias/') ? key : undefined
  const resource =
    alias !== undefined
      ? ALIASED_KEY
      : key.startsWith('arn:')
        ? key
        : `arn:aws:kms:${REGION}:${ACCOUNT}:key/${key}`
  const context = {
    'kms:ViaService': `${via}.${REGION}.amazonaws.com`,
    ...(alias === undefined ? {} : { 'kms:ResourceAliases': [alias] }),
  }
  return actions.map((action) => ({ action, resource, context }))
}
