/**
 * The runner's role, derived from a manifest: exactly the users with keys, their stores and their
 * stores' keys, written with the manifest's references so one entry holds in every environment.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadManifest } from '../manifest/load.ts'
import { runnerRole, type RunnerEntry, type RunnerTrust } from './role.ts'

const MANIFEST = `version: 1
project: shop
environments:
  dev: { account: '111111111111', region: eu-west-1, vars: { params_key: 1234abcd-12ab-34cd-56ef-1234567890ab } }
  prod: { account: '222222222222', region: eu-west-1, vars: { params_key: mrk-1234abcd12ab34cd56ef1234567890ab } }
identities:
  uploader:
    type: user
    key:
      store:
        type: secretsmanager
        name: shop/uploader-\${env}
        kmsKey: 'arn:\${partition}:kms:\${region}:\${account}:key/0f0f0f0f-1111-2222-3333-444444444444'
  signer:
    type: user
    key:
      store: { type: ssm, name: '/shop/signer-\${env}', kmsKey: alias/shop-params }
  archiver:
    type: user
    key:
      store: { type: ssm, name: '/shop/archiver-\${env}', tier: Advanced, kmsKey: '\${params_key}' }
  plain:
    type: user
    key:
      store: { type: secretsmanager, name: 'shop/plain-\${env}' }
  keyless:
    type: user
    allow: [{ actions: [s3:GetObject], resources: ['arn:\${partition}:s3:::shop-\${env}/*'] }]
  publishers:
    type: group
  app:
    type: role
    trust: { services: [ecs-tasks.amazonaws.com] }
`

async function derive(text = MANIFEST, trust: RunnerTrust = { kind: 'lambda' }, id = 'runner') {
  const loaded = await loadManifest({ file: 'keyward.yaml', text })
  assert.equal(loaded.kind, 'valid', JSON.stringify(loaded.diagnostics))
  const env = loaded.manifest.environments.get('dev')
  assert.ok(env)
  return runnerRole(loaded.manifest.spec, env, { id, trust })
}

async function entry(trust: RunnerTrust = { kind: 'lambda' }): Promise<RunnerEntry> {
  const result = await derive(MANIFEST, trust)
  assert.equal(result.kind, 'role')
  return result.role.entry
}

const statement = (e: RunnerEntry, sid: string) => {
  const found = e.allow.find((s) => s.sid === sid)
  assert.ok(found, `statement ${sid} in ${e.allow.map((s) => s.sid).join(', ')}`)
  return found
}

test('key actions reach the users with a key, by reference, and only while keyward owns them', async () => {
  // given users with keys in both stores, a user without a key, a group and a role
  // when the runner is derived
  const e = await entry()
  // then its key actions name exactly the four keyed users, as references
  const keys = statement(e, 'AccessKeysOfManagedUsers')
  assert.deepEqual(keys.resources, [
    '${identities.uploader.arn}',
    '${identities.signer.arn}',
    '${identities.archiver.arn}',
    '${identities.plain.arn}',
  ])
  assert.deepEqual(keys.actions, [
    'iam:ListAccessKeys',
    'iam:CreateAccessKey',
    'iam:UpdateAccessKey',
    'iam:DeleteAccessKey',
    'iam:GetAccessKeyLastUsed',
  ])
  assert.deepEqual(keys.conditions, {
    StringEquals: {
      'aws:ResourceTag/keyward:project': '${project}',
      'aws:ResourceTag/keyward:env': '${env}',
    },
  })
  // and nothing anywhere names the user without a key, the group or the role
  const text = JSON.stringify(e)
  for (const other of ['keyless', 'publishers', 'identities.app']) assert.ok(!text.includes(other))
})

test('each store type gets its own actions on its own stores', async () => {
  const e = await entry()
  assert.deepEqual(statement(e, 'SecretStores'), {
    sid: 'SecretStores',
    actions: ['secretsmanager:DescribeSecret', 'secretsmanager:PutSecretValue'],
    resources: ['${identities.uploader.key.store.arn}', '${identities.plain.key.store.arn}'],
  })
  const parameters = statement(e, 'ParameterStores')
  assert.deepEqual(parameters.resources, [
    '${identities.signer.key.store.arn}',
    '${identities.archiver.key.store.arn}',
  ])
  assert.ok(
    !parameters.actions.some(
      (a) => a.startsWith('ssm:GetParameter') && a !== 'ssm:GetParameterHistory',
    ),
  )
  assert.deepEqual(statement(e, 'RotationJournal').resources, [
    'arn:${partition}:secretsmanager:${region}:${account}:secret:keyward/journal/${project}/${env}-??????',
  ])
})

test('a store’s own KMS key is used through its service only: by ARN, key id or alias', async () => {
  const e = await entry()
  // given a Secrets Manager store naming a key ARN: the ARN as written, for a new data key
  assert.deepEqual(statement(e, 'SecretStoreKeys'), {
    sid: 'SecretStoreKeys',
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    resources: [
      'arn:${partition}:kms:${region}:${account}:key/0f0f0f0f-1111-2222-3333-444444444444',
    ],
    conditions: { StringEquals: { 'kms:ViaService': 'secretsmanager.${region}.amazonaws.com' } },
  })
  // given an advanced parameter naming a key id through a variable: the key's ARN, variable kept
  assert.deepEqual(statement(e, 'ParameterStoreKeys'), {
    sid: 'ParameterStoreKeys',
    actions: ['kms:GenerateDataKey'],
    resources: ['arn:${partition}:kms:${region}:${account}:key/${params_key}'],
    conditions: { StringEquals: { 'kms:ViaService': 'ssm.${region}.amazonaws.com' } },
  })
  // given a standard parameter naming an alias: any key of the account that carries the alias
  assert.deepEqual(statement(e, 'ParameterStoreKeysByAlias'), {
    sid: 'ParameterStoreKeysByAlias',
    actions: ['kms:Encrypt'],
    resources: ['arn:${partition}:kms:${region}:${account}:key/*'],
    conditions: {
      StringEquals: { 'kms:ViaService': 'ssm.${region}.amazonaws.com' },
      'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/shop-params' },
    },
  })
  // and a store without a key of its own needs none: no other KMS statement
  assert.equal(e.allow.filter((s) => s.actions.some((a) => a.startsWith('kms:'))).length, 3)
})

test('the never assertions name its stores, its journal and its users, and nothing else', async () => {
  const e = await entry()
  assert.equal(e.never.length, 4)
  const [reads, writes, keys, escalation] = e.never
  assert.ok(reads && writes && keys && escalation)
  const own = [
    '${identities.uploader.key.store.arn}',
    '${identities.signer.key.store.arn}',
    '${identities.archiver.key.store.arn}',
    '${identities.plain.key.store.arn}',
    'arn:${partition}:secretsmanager:${region}:${account}:secret:keyward/journal/${project}/${env}-??????',
  ]
  assert.deepEqual(reads.notResources, own)
  assert.ok(reads.actions.includes('secretsmanager:GetSecretValue'))
  assert.ok(reads.actions.includes('ssm:GetParameter'))
  assert.deepEqual(writes.notResources, own)
  assert.deepEqual(keys.notResources, statement(e, 'AccessKeysOfManagedUsers').resources)
  assert.equal(escalation.notResources, undefined)
  for (const action of ['iam:PassRole', 'sts:AssumeRole', 'iam:CreateUser', 'iam:Put*Policy'])
    assert.ok(escalation.actions.includes(action), action)
})

test('the trust follows where it runs', async () => {
  // given the default: a Lambda function of the environment's own account, which writes its logs
  const lambda = await entry()
  assert.deepEqual(lambda.trust, {
    services: ['lambda.amazonaws.com'],
    conditions: { StringEquals: { 'aws:SourceAccount': '${account}' } },
  })
  assert.deepEqual(statement(lambda, 'FunctionLogs').resources, [
    'arn:${partition}:logs:${region}:${account}:log-group:/aws/lambda/${project}-runner-${env}:log-stream:*',
  ])
  // given a Kubernetes service account: OIDC, and no log statement
  const k8s = await entry({
    kind: 'kubernetes',
    issuer: 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE',
    namespace: 'keyward',
    serviceAccount: 'runner',
  })
  assert.deepEqual(k8s.trust, {
    oidc: {
      issuer: 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE',
      serviceAccounts: ['keyward/runner'],
    },
  })
  assert.ok(!k8s.allow.some((s) => s.sid === 'FunctionLogs'))
  // given a central runner: that one principal
  const central = await entry({
    kind: 'central',
    principal: 'arn:aws:iam::111122223333:role/keyward-runner',
  })
  assert.deepEqual(central.trust, { aws: ['arn:aws:iam::111122223333:role/keyward-runner'] })
  assert.equal(central.name, '${project}-runner-${env}')
})

test('no user with a key: nothing to rotate; an id taken by a user: refused', async () => {
  // given a manifest whose only identities are a role and a keyless user
  const text = `version: 1
project: shop
environments:
  dev: { account: '111111111111', region: eu-west-1 }
identities:
  app:
    type: role
    trust: { services: [ecs-tasks.amazonaws.com] }
  keyless:
    type: user
`
  assert.deepEqual(await derive(text), { kind: 'no-keyed-users' })
  // given the default manifest and the id of one of its users
  assert.deepEqual(await derive(MANIFEST, { kind: 'lambda' }, 'plain'), {
    kind: 'id-taken',
    type: 'user',
  })
})
