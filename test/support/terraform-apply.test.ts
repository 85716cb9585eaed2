/**
 * terraformApply leaves in moto what `terraform apply` of each import fixture left in AWS: the
 * right number of each kind of resource, the documents as the provider sent them, and stores that
 * hold the keys the way the fixture's Terraform (or its author) wrote them.
 */
import { GetGroupCommand, GetUserPolicyCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam'
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { GetParameterCommand } from '@aws-sdk/client-ssm'
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startAccount, type TestAccount } from './account.ts'
import { motoAvailable } from './moto.ts'
import {
  FIXTURES,
  GENERATED,
  jsonencode,
  SECRETS_CENTRALIZATION_VARIABLE_KEY_ID,
  terraformApply,
  type Fixture,
  type TerraformState,
} from './terraform-apply.ts'

const KINDS = [
  'users',
  'keys',
  'groups',
  'roles',
  'policies',
  'attachments',
  'inline',
  'secrets',
  'parameters',
] as const
type Counts = Record<(typeof KINDS)[number], number>

/** Each fixture's environment, in the account of its example, with what its Terraform declares. */
const CASES: readonly (readonly [Fixture, string, string, Partial<Counts>])[] = [
  ['tomoda', 'dev', '111111111111', { users: 2, keys: 2, inline: 2, secrets: 1 }],
  ['tomoda', 'prod', '222222222222', { users: 2, keys: 2, inline: 2, secrets: 1 }],
  [
    'nullplatform',
    'production',
    '333333333333',
    { users: 1, keys: 1, groups: 1, roles: 1, policies: 2, attachments: 3, secrets: 1 },
  ],
  // the module's Lambda role is the role, with the second inline policy
  [
    'ssm-generated-key',
    'default',
    '444444444444',
    { users: 1, keys: 1, roles: 1, inline: 2, parameters: 1 },
  ],
  [
    'secrets-centralization',
    'sandbox',
    '666666666666',
    { users: 1, keys: 1, inline: 1, secrets: 1 },
  ],
]

function counts(state: TerraformState): Counts {
  const size = (record: object) => Object.keys(record).length
  return {
    users: size(state.users),
    keys: Object.values(state.accessKeyIds).flat().length,
    groups: size(state.groups),
    roles: size(state.roles),
    policies: size(state.policies),
    attachments: state.attachments.length,
    inline: state.inlinePolicies.length,
    secrets: size(state.secrets),
    parameters: size(state.parameters),
  }
}

for (const [fixture, environment, account, declared] of CASES) {
  describe(
    `terraformApply ${fixture} (${environment})`,
    { skip: !motoAvailable() && 'moto is not installed' },
    () => {
      let a: TestAccount
      let state: TerraformState

      before(async () => {
        // given an empty account in the fixture's region, when the fixture is applied
        a = await startAccount(account, FIXTURES[fixture].region)
        state = await terraformApply(a, fixture, environment)
      })
      after(() => a.close())

      test('creates each kind of resource as often as the Terraform declares it', async () => {
        assert.deepEqual(counts(state), {
          ...Object.fromEntries(KINDS.map((kind) => [kind, 0])),
          ...declared,
        })
        for (const [user, ids] of Object.entries(state.accessKeyIds)) {
          const listed = await a.iam.send(new ListAccessKeysCommand({ UserName: user }))
          assert.deepEqual(
            listed.AccessKeyMetadata?.map((k) => k.AccessKeyId).sort(),
            [...ids].sort(),
          )
          // and every key is known to the account as minted, so no output may show it
          for (const id of ids) assert.ok(a.created.includes(id))
        }
        for (const [group, members] of Object.entries(state.memberships)) {
          const got = await a.iam.send(new GetGroupCommand({ GroupName: group }))
          assert.deepEqual(
            got.Users?.map((u) => u.UserName),
            members,
          )
        }
        // and keyward's calls are counted from zero
        assert.equal(a.proxy.total(), 0)
        a.assertNothingLeaked()
      })

      if (fixture === 'tomoda' && environment === 'dev')
        test('tomoda: the stores and policies', () => tomoda(a, state))
      if (fixture === 'ssm-generated-key')
        test('ssm-generated-key: the parameter', () => ssmGeneratedKey(a, state))
      if (fixture === 'secrets-centralization')
        test('secrets-centralization: the secret', () => secretsCentralization(a, state))

      if (fixture === 'tomoda' && environment === 'dev')
        test('an environment the fixture lacks, or another region, is refused', async () => {
          await assert.rejects(terraformApply(a, 'tomoda', 'staging'), /no environment staging/)
          await assert.rejects(
            terraformApply(a, 'ssm-generated-key', 'default'),
            /applies to eu-central-1/,
          )
        })
    },
  )
}

/** The uploader's key is stored as the 5-field jsonencode blob, secret included. */
async function tomoda(a: TestAccount, state: TerraformState): Promise<void> {
  const [id] = state.accessKeyIds['tomoda-uploader-dev'] ?? []
  const stored = await a.secrets.send(
    new GetSecretValueCommand({ SecretId: 'tomoda-s3-uploader-dev' }),
  )
  assert.equal(stored.VersionId, GENERATED.tomoda.dev.uploaderSecretVersion)
  const text = stored.SecretString ?? '{}'
  const blob = JSON.parse(text) as Record<string, string>
  assert.deepEqual(Object.keys(blob), [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'S3_BASE_URL',
    'S3_BUCKET',
    'S3_REGION',
  ])
  assert.ok(text === jsonencode(blob), 'stored as jsonencode renders it')
  assert.equal(blob.AWS_ACCESS_KEY_ID, id)
  assert.ok(a.minted.has(blob.AWS_SECRET_ACCESS_KEY ?? ''), 'the stored secret is the key’s')
  assert.equal(blob.S3_BASE_URL, 'https://assets.dev.tomoda.app')
  assert.equal(blob.S3_BUCKET, 'tomoda-assets-dev')
  assert.equal(blob.S3_REGION, 'us-east-1')
  // the uploader's inline policy has the name the provider generated, in the provider's rendering
  const policy = await a.iam.send(
    new GetUserPolicyCommand({
      UserName: 'tomoda-uploader-dev',
      PolicyName: GENERATED.tomoda.dev.uploaderPolicy,
    }),
  )
  assert.equal(
    decodeURIComponent(policy.PolicyDocument ?? ''),
    '{"Version":"2012-10-17","Statement":[{"Action":["s3:PutObjectAcl","s3:PutObject"],' +
      '"Effect":"Allow","Resource":"arn:aws:s3:::tomoda-assets-dev/*","Sid":"AllowS3Upload"}]}',
  )
  // the reader may read exactly that secret
  const reader = state.inlinePolicies.find((p) => p.principalName === 'tomoda-eso-reader-dev')
  assert.equal(reader?.name, 'secrets-manager-read-only')
  assert.deepEqual(JSON.parse(reader.document), {
    Version: '2012-10-17',
    Statement: [
      {
        Action: ['secretsmanager:GetSecretValue'],
        Effect: 'Allow',
        Resource: [state.secrets['tomoda-s3-uploader-dev']],
      },
    ],
  })
}

/** The module's Lambda writes the secret alone to a SecureString parameter. */
async function ssmGeneratedKey(a: TestAccount, state: TerraformState): Promise<void> {
  const name = '/signer-3f9a1c07/secret-access-key'
  const got = await a.ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))
  assert.equal(got.Parameter?.Type, 'SecureString')
  assert.ok(a.minted.has(got.Parameter.Value ?? ''), 'the parameter holds the key’s secret')
  assert.deepEqual(Object.keys(state.parameters), [name])
}

/** After the console edit: the variable's key id, and the secret of the key made by hand. */
async function secretsCentralization(a: TestAccount, state: TerraformState): Promise<void> {
  const stored = await a.secrets.send(new GetSecretValueCommand({ SecretId: 'dummy-machine-sbx' }))
  assert.equal(stored.VersionId, GENERATED['secrets-centralization'].sandbox.consoleVersion)
  const blob = JSON.parse(stored.SecretString ?? '{}') as Record<string, string>
  assert.equal(blob.AWS_ACCESS_KEY_ID, SECRETS_CENTRALIZATION_VARIABLE_KEY_ID)
  assert.ok(a.minted.has(blob.AWS_SECRET_ACCESS_KEY ?? ''), 'the stored secret is the key’s')
  assert.equal(state.accessKeyIds['dummy-machine-sbx']?.length, 1)
}
