/**
 * Each example reproduces one seed system. The expected documents below are transcribed from
 * the seeds (their Terraform and prose); the examples must resolve to the same policies.
 */
import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { describe, test } from 'node:test'
import { environment, example, identity, normalizePolicy } from './support/examples.ts'

const same = (actual: unknown, expected: unknown): void =>
  assert.deepEqual(normalizePolicy(actual), normalizePolicy(expected))

test('every example validates without a single diagnostic', async () => {
  const names = readdirSync('examples')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.replace(/\.yaml$/, ''))
  assert.equal(names.length, 6)
  for (const name of names) await example(name)
})

describe('seed 000 — tomoda', () => {
  for (const [env, account, bucket, domain] of [
    ['dev', '111111111111', 'tomoda-assets-dev', 'assets.dev.tomoda.app'],
    ['prod', '222222222222', 'tomoda-assets-prod', 'assets.tomoda.app'],
  ] as const) {
    test(`${env}: the uploader may only PutObject and PutObjectAcl on the bucket's objects`, async () => {
      const uploader = identity(environment(await example('tomoda'), env), 'uploader', 'user')
      assert.equal(uploader.name, `tomoda-uploader-${env}`)
      // data "aws_iam_policy_document" "uploader_policy" in iam_uploader.tf
      same(uploader.inlinePolicy?.document, {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AllowS3Upload',
            Effect: 'Allow',
            Action: ['s3:PutObject', 's3:PutObjectAcl'],
            Resource: [`arn:aws:s3:::${bucket}/*`],
          },
        ],
      })
      assert.deepEqual(
        uploader.never.map((n) => n.actions),
        [['s3:ListBucket'], ['s3:GetObject', 's3:DeleteObject']],
      )
    })

    test(`${env}: the uploader's key is the five-field JSON blob in Secrets Manager`, async () => {
      const key = identity(environment(await example('tomoda'), env), 'uploader', 'user').key
      assert.equal(key?.store.type, 'secretsmanager')
      assert.equal(key.store.name, `tomoda-s3-uploader-${env}`)
      assert.deepEqual(key.format, {
        kind: 'json',
        fields: {
          AWS_ACCESS_KEY_ID: '${key.id}',
          AWS_SECRET_ACCESS_KEY: '${key.secret}',
          S3_BUCKET: bucket,
          S3_REGION: 'us-east-1',
          S3_BASE_URL: `https://${domain}`,
        },
      })
    })

    test(`${env}: the ESO reader may only read its own environment's uploader secret, and its own key`, async () => {
      const reader = identity(environment(await example('tomoda'), env), 'eso-reader', 'user')
      // aws_iam_user_policy "eso_reader_policy", named "secrets-manager-read-only", plus the one
      // thing keyward adds: reading its own key, so ESO refreshes its credentials on rotation.
      assert.equal(reader.inlinePolicy?.name, 'secrets-manager-read-only')
      same(reader.inlinePolicy.document, {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['secretsmanager:GetSecretValue'],
            Resource: [
              `arn:aws:secretsmanager:us-east-1:${account}:secret:tomoda-s3-uploader-${env}-??????`,
              `arn:aws:secretsmanager:us-east-1:${account}:secret:tomoda-eso-reader-${env}-??????`,
            ],
          },
        ],
      })
    })

    test(`${env}: federated, the ESO reader is a role with the same policy, for its GKE service account`, async () => {
      const reader = identity(
        environment(await example('tomoda-federated'), env),
        'eso-reader',
        'role',
      )
      assert.equal(reader.inlinePolicy?.name, 'secrets-manager-read-only')
      same(reader.inlinePolicy.document, {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['secretsmanager:GetSecretValue'],
            Resource: [
              `arn:aws:secretsmanager:us-east-1:${account}:secret:tomoda-s3-uploader-${env}-??????`,
            ],
          },
        ],
      })
      const host = `container.googleapis.com/v1/projects/tomoda-${env}/locations/us-central1/clusters/tomoda`
      same(reader.trustPolicy, {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: [`arn:aws:iam::${account}:oidc-provider/${host}`] },
            Action: ['sts:AssumeRoleWithWebIdentity'],
            Condition: {
              StringEquals: {
                [`${host}:aud`]: ['sts.amazonaws.com'],
                [`${host}:sub`]: ['system:serviceaccount:tomoda:tomoda-eso-reader'],
              },
            },
          },
        ],
      })
    })
  }

  test('the dev reader cannot name the prod secret', async () => {
    const manifest = await example('tomoda')
    const devReader = identity(environment(manifest, 'dev'), 'eso-reader', 'user')
    const prodSecret = identity(environment(manifest, 'prod'), 'uploader', 'user').key?.store.arn
    assert.ok(prodSecret !== undefined)
    assert.ok(!JSON.stringify(devReader.inlinePolicy).includes(prodSecret))
  })
})

describe('seed 001 — nullplatform', () => {
  test('the build user gets its rights only through the asset-publishers group', async () => {
    const env = environment(await example('nullplatform'), 'production')
    const user = identity(env, 'build-workflow-user', 'user')
    const group = identity(env, 'asset-publishers', 'group')
    assert.equal(user.name, 'nullplatform-main-build-workflow-user')
    assert.equal(group.name, 'nullplatform-main-asset-publishers')
    assert.deepEqual(user.groups, [{ id: 'asset-publishers', name: group.name }])
    assert.equal(user.inlinePolicy, undefined)
    assert.deepEqual(user.managedPolicies, [])
    assert.deepEqual(
      group.managedPolicies.map((p) => p.arn),
      [
        'arn:aws:iam::333333333333:policy/nullplatform-main-ecr-manager-policy',
        'arn:aws:iam::333333333333:policy/nullplatform-main-s3-assets-policy',
      ],
    )
  })

  test('the ECR manager policy is the ecr module’s, attached to the group and the application role', async () => {
    const env = environment(await example('nullplatform'), 'production')
    const policy = env.policies.find((p) => p.id === 'ecr-manager')
    assert.equal(policy?.description, 'Policy for managing ECR repositories with restricted access')
    // aws_iam_policy "nullplatform_ecr_manager_policy" in infrastructure/aws/iam/ecr
    same(policy.policy.document, {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'ecr:GetDownloadUrlForLayer',
            'ecr:BatchGetImage',
            'ecr:CompleteLayerUpload',
            'ecr:UploadLayerPart',
            'ecr:InitiateLayerUpload',
            'ecr:BatchCheckLayerAvailability',
            'ecr:PutImage',
            'ecr:CreateRepository',
            'ecr:DeleteRepository',
            'ecr:DescribeRepositories',
            'ecr:TagResource',
            'ecr:SetRepositoryPolicy',
          ],
          // The seed's repository/* narrowed to the cluster's repositories, so the build
          // user's never can hold (examples/nullplatform.yaml says why).
          Resource: ['arn:aws:ecr:us-east-1:333333333333:repository/main/*'],
        },
        {
          Effect: 'Allow',
          Action: ['sts:GetServiceBearerToken', 'ecr:GetAuthorizationToken'],
          Resource: '*',
        },
      ],
    })
    const role = identity(env, 'application-role', 'role')
    assert.deepEqual(
      role.managedPolicies.map((p) => p.id),
      ['ecr-manager'],
    )
    same(role.trustPolicy, {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::999999999999:role/nullplatform-application-manager' },
          Action: 'sts:AssumeRole',
        },
      ],
    })
  })

  test('the S3 assets policy is the s3-assets module’s', async () => {
    const env = environment(await example('nullplatform'), 'production')
    const policy = env.policies.find((p) => p.id === 's3-assets')
    assert.equal(policy?.name, 'nullplatform-main-s3-assets-policy')
    // aws_iam_policy "nullplatform_s3_assets_policy" in infrastructure/aws/iam/s3-assets
    same(policy.policy.document, {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:PutObject', 's3:GetObject'],
          Resource: 'arn:aws:s3:::nullplatform-main-assets/*',
        },
      ],
    })
  })
})

describe('seed 002 — ssm-generated-value', () => {
  test('the signer may only GetObject on the images bucket, and its secret sits alone in SSM', async () => {
    const env = environment(await example('ssm-generated-key'), 'default')
    const signer = identity(env, 'signer', 'user')
    assert.equal(signer.name, 'signer-3f9a1c07')
    // aws_iam_user_policy "signer"
    same(signer.inlinePolicy?.document, {
      Version: '2012-10-17',
      Statement: [
        { Action: ['s3:GetObject'], Effect: 'Allow', Resource: 'arn:aws:s3:::images-3f9a1c07/*' },
      ],
    })
    assert.equal(signer.key?.store.type, 'ssm')
    assert.equal(signer.key.store.name, '/signer-3f9a1c07/secret-access-key')
    assert.equal(
      signer.key.store.arn,
      'arn:aws:ssm:eu-central-1:444444444444:parameter/signer-3f9a1c07/secret-access-key',
    )
    assert.deepEqual(signer.key.format, { kind: 'text', template: '${key.secret}' })
    assert.equal(signer.key.rotation.everySeconds, null, 'signed URLs need a stable key id')
  })
})

describe('seed 003 — Penn Labs IRSA', () => {
  const issuer = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E'
  const roles = [
    ['team-sync', ['default']],
    ['platform', ['default']],
    ['secret-sync', ['default', 'monitoring']],
    ['cert-manager', ['cert-manager']],
  ] as const
  for (const [name, namespaces] of roles) {
    test(`${name}: trust is the module's, per namespace, with the audience pinned too`, async () => {
      const role = identity(environment(await example('pennlabs-irsa'), 'production'), name, 'role')
      assert.equal(role.name, name)
      assert.equal(role.arn, `arn:aws:iam::555555555555:role/${name}`)
      // data "aws_iam_policy_document" "k8s" in modules/iam, one subject per namespace. keyward
      // also pins `aud` to sts.amazonaws.com, which the module leaves out.
      same(role.trustPolicy, {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['sts:AssumeRoleWithWebIdentity'],
            Principal: { Federated: [`arn:aws:iam::555555555555:oidc-provider/${issuer}`] },
            Condition: {
              StringEquals: {
                [`${issuer}:sub`]: namespaces.map((ns) => `system:serviceaccount:${ns}:${name}`),
                [`${issuer}:aud`]: ['sts.amazonaws.com'],
              },
            },
          },
        ],
      })
    })
  }

  test('cert-manager holds exactly the four Route 53 actions the seed lists, plus the zone lookup', async () => {
    const role = identity(
      environment(await example('pennlabs-irsa'), 'production'),
      'cert-manager',
      'role',
    )
    const actions = role.inlinePolicy?.document.Statement.flatMap((s) => s.Action ?? []).sort()
    assert.deepEqual(actions, [
      'route53:ChangeResourceRecordSets',
      'route53:GetChange',
      'route53:ListHostedZones',
      'route53:ListHostedZonesByName',
      'route53:ListResourceRecordSets',
    ])
  })
})

describe('seed 004 — Secrets Manager centralization', () => {
  test('the key is key/value JSON in a tagged secret with no recovery window, readable only by the listed principals', async () => {
    const env = environment(await example('secrets-centralization'), 'sandbox')
    const user = identity(env, 'dummy-machine', 'user')
    const store = user.key?.store
    assert.equal(store?.type, 'secretsmanager')
    assert.equal(store.name, 'dummy-machine-sbx')
    assert.equal(store.recoveryWindowDays, 0)
    assert.deepEqual(
      Object.fromEntries(Object.entries(store.tags).filter(([k]) => !k.startsWith('keyward:'))),
      { Name: 'dummy-machine-sbx', 'my:environment': 'sandbox', 'my:owner': 'Luthfi' },
    )
    assert.deepEqual(user.key?.format, {
      kind: 'json',
      fields: { AWS_ACCESS_KEY_ID: '${key.id}', AWS_SECRET_ACCESS_KEY: '${key.secret}' },
    })
    same(store.resourcePolicy, {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'OnlyDeclaredReaders',
          Effect: 'Deny',
          Principal: '*',
          Action: 'secretsmanager:GetSecretValue',
          Resource: '*',
          Condition: {
            ArnNotLike: {
              'aws:PrincipalArn': [
                'arn:aws:iam::666666666666:role/infrastructure-team',
                'arn:aws:iam::666666666666:role/service-team-a-developers',
              ],
            },
          },
        },
      ],
    })
  })
})
