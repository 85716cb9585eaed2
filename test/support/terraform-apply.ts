/**
 * What `terraform apply` of an import fixture (examples/terraform/NAME) leaves in an account,
 * made in a moto-backed test account with the SDK, so that `keyward import terraform` and
 * `keyward apply` of what it writes can be tested against the real leftovers of Terraform:
 * users, groups, memberships, inline and customer managed policies and their attachments, roles,
 * access keys, and the Secrets Manager secrets and SSM parameters that hold those keys.
 *
 * Each document is the one the AWS provider sends (checked against Terraform 1.11 and the AWS
 * provider 5.100 applying these fixtures to moto): `jsonencode` sorts object keys; the provider
 * sends an `aws_iam_policy`'s policy and an `aws_iam_role`'s trust policy as they are, and
 * re-orders an inline policy (`aws_iam_*_policy`) Version first, then Statement, each statement's
 * keys sorted; `aws_iam_policy_document` lists several actions in reverse order and a single
 * value as a plain string. Names the provider generates (an inline policy or role without
 * `name`, a secret version's id) are fixed here: see {@link GENERATED}.
 *
 * Only IAM, Secrets Manager and SSM are reproduced: the S3 buckets and Lambda functions of the
 * fixtures are left out: nothing keyward manages refers to them.
 *
 * Access keys are created through the account's fault proxy, so that the account records them as
 * minted (`a.minted`, `a.created`): `assertNothingLeaked` then proves that no secret Terraform put
 * in a store — the risk being imported — reaches keyward's output. The proxy's call counts are
 * reset afterwards, so a test counts keyward's calls only. Call it before setting fault rules,
 * and mind that key rules see these keys as just created. No secret is kept in the returned
 * state, nor printed.
 */
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  type Tag as SecretTag,
} from '@aws-sdk/client-secrets-manager'
import { GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm'
import { join } from 'node:path'
import { sortKeys } from '../../src/model/json-object.ts'
import { ADMIN, type TestAccount } from './account.ts'

export type Fixture = 'tomoda' | 'nullplatform' | 'ssm-generated-key' | 'secrets-centralization'

/** The directory `keyward import terraform` reads for a fixture. */
export function fixtureDir(fixture: Fixture): string {
  return join('examples', 'terraform', fixture)
}

/**
 * Per fixture, its environments (the example manifest's names), the var file Terraform was run
 * with for each (relative to the fixture's directory; `terraform.tfvars` is read without being
 * named) and the region its provider block resolves to.
 */
export const FIXTURES: Readonly<
  Record<
    Fixture,
    { readonly region: string; readonly varFiles: Readonly<Record<string, string | undefined>> }
  >
> = {
  tomoda: { region: 'us-east-1', varFiles: { dev: 'dev.tfvars', prod: 'prod.tfvars' } },
  nullplatform: { region: 'us-east-1', varFiles: { production: undefined } },
  'ssm-generated-key': { region: 'eu-central-1', varFiles: { default: undefined } },
  'secrets-centralization': { region: 'ap-southeast-1', varFiles: { sandbox: undefined } },
}

/**
 * The names the provider generated, `terraform-` + the apply's UTC time to 1/10000 s + a counter,
 * and what else was random in the run that these fixtures stand for.
 */
export const GENERATED = {
  tomoda: {
    dev: {
      /** `aws_iam_user_policy.uploader_policy` has no `name`. */
      uploaderPolicy: 'terraform-20260112093015427100000003',
      uploaderSecretVersion: 'terraform-20260112093015401800000002',
    },
    prod: {
      uploaderPolicy: 'terraform-20260112094102865300000003',
      uploaderSecretVersion: 'terraform-20260112094102839000000002',
    },
  },
  nullplatform: {
    production: { buildWorkflowSecretVersion: 'terraform-20260625160211374200000001' },
  },
  'ssm-generated-key': {
    default: {
      /** `random_id.id.hex` (4 bytes). */
      suffix: '3f9a1c07',
      /** `aws_iam_user_policy.signer` has no `name`. */
      signerPolicy: 'terraform-20260303141907215500000001',
      /** The module's Lambda execution role, and its inline policy: neither has a name. */
      lambdaRole: 'terraform-20260303141907218900000002',
      lambdaRolePolicy: 'terraform-20260303141909604700000003',
    },
  },
  'secrets-centralization': {
    sandbox: {
      secretVersion: 'terraform-20260209031544736000000001',
      /** The console's edit of the secret value makes a version with a random UUID. */
      consoleVersion: '4f1c2d9e-8b7a-4e35-9c61-0d2f5a7b3e84',
    },
  },
} as const

/** The key id that `variables.tf` of secrets-centralization stores, standing for the real one. */
export const SECRETS_CENTRALIZATION_VARIABLE_KEY_ID = 'AKIAI44QH8DHBEXAMPLE'

export interface Principal {
  readonly arn: string
  /** IAM's unique id (AIDA…, AGPA…, AROA… in AWS): the same id later proves nothing was recreated. */
  readonly id: string
}

export interface InlinePolicy {
  readonly principal: 'user' | 'group' | 'role'
  readonly principalName: string
  readonly name: string
  /** The document as the provider sent it. */
  readonly document: string
}

export interface Attachment {
  readonly principal: 'user' | 'group' | 'role'
  readonly principalName: string
  readonly policyArn: string
}

export interface TerraformState {
  readonly fixture: Fixture
  readonly environment: string
  /** Per user name, the ids of its access keys, oldest first. */
  readonly accessKeyIds: Readonly<Record<string, readonly string[]>>
  readonly users: Readonly<Record<string, Principal>>
  readonly groups: Readonly<Record<string, Principal>>
  readonly roles: Readonly<Record<string, Principal>>
  /** Per group name, its members. */
  readonly memberships: Readonly<Record<string, readonly string[]>>
  /** Customer managed policies, name → ARN. */
  readonly policies: Readonly<Record<string, string>>
  /** Customer managed policies, name → the document the provider sent. */
  readonly policyDocuments: Readonly<Record<string, string>>
  readonly attachments: readonly Attachment[]
  readonly inlinePolicies: readonly InlinePolicy[]
  /** Role name → the trust policy the provider sent. */
  readonly trustPolicies: Readonly<Record<string, string>>
  /** Secrets Manager secrets, name → ARN. */
  readonly secrets: Readonly<Record<string, string>>
  /** Secret name → the version id that is AWSCURRENT. */
  readonly secretVersions: Readonly<Record<string, string>>
  /** SSM parameters, name → ARN. */
  readonly parameters: Readonly<Record<string, string>>
}

/** Does, in `account`, what `terraform apply` of `fixture` for `environment` did. */
export async function terraformApply(
  account: TestAccount,
  fixture: Fixture,
  environment: string,
): Promise<TerraformState> {
  const { region, varFiles } = FIXTURES[fixture]
  if (!(environment in varFiles))
    throw new Error(`fixture ${fixture} has no environment ${environment}`)
  if (account.region !== region)
    throw new Error(`fixture ${fixture} applies to ${region}, the account is in ${account.region}`)
  const tf = new Terraform(account, fixture, environment)
  try {
    switch (fixture) {
      case 'tomoda':
        await tomoda(tf, environment === 'prod' ? 'prod' : 'dev')
        break
      case 'nullplatform':
        await nullplatform(tf)
        break
      case 'ssm-generated-key':
        await ssmGeneratedKey(tf)
        break
      case 'secrets-centralization':
        await secretsCentralization(tf)
        break
    }
  } finally {
    tf.close()
  }
  account.proxy.resetCounts()
  return tf.state()
}

// ---------------------------------------------------------------------------------------------
// The fixtures

async function tomoda(tf: Terraform, env: 'dev' | 'prod'): Promise<void> {
  const names = GENERATED.tomoda[env]
  const project = 'tomoda'
  const region = 'us-east-1'
  const bucket = `${project}-assets-${env}`
  const domain = env === 'prod' ? 'assets.tomoda.app' : `assets.${env}.tomoda.app`

  const uploader = `${project}-uploader-${env}`
  await tf.user(uploader)
  await tf.userPolicy(
    uploader,
    names.uploaderPolicy,
    legacyPolicyNormalize(
      policyDocument([
        {
          sid: 'AllowS3Upload',
          effect: 'Allow',
          actions: ['s3:PutObject', 's3:PutObjectAcl'],
          resources: [`arn:aws:s3:::${bucket}/*`],
        },
      ]),
    ),
  )
  const uploaderKey = await tf.accessKey(uploader)
  const store = `${project}-s3-uploader-${env}`
  const storeArn = await tf.secret(store)
  await tf.secretValue(
    store,
    names.uploaderSecretVersion,
    jsonencode({
      AWS_ACCESS_KEY_ID: uploaderKey.id,
      AWS_SECRET_ACCESS_KEY: uploaderKey.secret,
      S3_BUCKET: bucket,
      S3_REGION: region,
      S3_BASE_URL: `https://${domain}`,
    }),
  )

  const reader = `${project}-eso-reader-${env}`
  await tf.user(reader)
  await tf.userPolicy(
    reader,
    'secrets-manager-read-only',
    legacyPolicyNormalize({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [storeArn] },
      ],
    }),
  )
  // Its secret goes to the `eso_reader_secret_access_key` output, i.e. the state, only.
  await tf.accessKey(reader)
}

async function nullplatform(tf: Terraform): Promise<void> {
  const cluster = 'main'
  const assetsBucket = 'nullplatform-main-assets'
  const applicationManager = 'arn:aws:iam::999999999999:role/nullplatform-application-manager'

  // module.build_user
  const user = `nullplatform-${cluster}-build-workflow-user`
  await tf.user(user)
  const key = await tf.accessKey(user)
  const group = `nullplatform-${cluster}-asset-publishers`
  await tf.group(group)
  await tf.addToGroup(user, group)

  // module.ecr
  const ecrPolicy = await tf.managedPolicy(
    `nullplatform-${cluster}-ecr-manager-policy`,
    'Policy for managing ECR repositories with restricted access',
    jsonencode({
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
          Resource: ['arn:aws:ecr:*:*:repository/*'],
        },
        {
          Effect: 'Allow',
          Action: ['sts:GetServiceBearerToken', 'ecr:GetAuthorizationToken'],
          Resource: '*',
        },
      ],
    }),
  )
  await tf.attach('group', group, ecrPolicy)
  const role = `nullplatform-${cluster}-application-role`
  await tf.role(
    role,
    jsonencode({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: applicationManager }, Action: 'sts:AssumeRole' },
      ],
    }),
  )
  await tf.attach('role', role, ecrPolicy)

  // module.s3_assets
  const s3Policy = await tf.managedPolicy(
    `nullplatform-${cluster}-s3-assets-policy`,
    'Policy for publishing build assets (e.g. Lambda zips) to the assets S3 bucket',
    jsonencode({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:PutObject', 's3:GetObject'],
          Resource: `arn:aws:s3:::${assetsBucket}/*`,
        },
      ],
    }),
  )
  await tf.attach('group', group, s3Policy)

  // The root's store of the build credentials.
  const store = `nullplatform/${cluster}/build-workflow-user`
  await tf.secret(store)
  await tf.secretValue(
    store,
    GENERATED.nullplatform.production.buildWorkflowSecretVersion,
    jsonencode({ BUILD_AWS_ACCESS_KEY_ID: key.id, BUILD_AWS_SECRET_ACCESS_KEY: key.secret }),
  )
}

async function ssmGeneratedKey(tf: Terraform): Promise<void> {
  const names = GENERATED['ssm-generated-key'].default
  const user = `signer-${names.suffix}`
  const userArn = await tf.user(user)
  await tf.userPolicy(
    user,
    names.signerPolicy,
    legacyPolicyNormalize({
      Version: '2012-10-17',
      Statement: [
        {
          Action: ['s3:GetObject'],
          Effect: 'Allow',
          Resource: `arn:aws:s3:::images-${names.suffix}/*`,
        },
      ],
    }),
  )

  // module.access_key: the Lambda function's execution role, whose inline policy lets it write
  // the parameter and, with `extra_statements`, manage the signer's keys.
  const parameter = `/${user}/secret-access-key`
  const parameterArn = `arn:aws:ssm:${tf.region}:${tf.accountId}:parameter${parameter}`
  await tf.role(
    names.lambdaRole,
    jsonencode({
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'sts:AssumeRole',
          Principal: { Service: 'lambda.amazonaws.com' },
          Effect: 'Allow',
        },
      ],
    }),
  )
  const moduleStatements = policyDocument([
    { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: ['arn:aws:logs:*:*:*'] },
    { actions: ['ssm:PutParameter', 'ssm:DeleteParameter'], resources: [parameterArn] },
  ]).Statement
  await tf.rolePolicy(
    names.lambdaRole,
    names.lambdaRolePolicy,
    legacyPolicyNormalize({
      Version: '2012-10-17',
      Statement: [
        ...moduleStatements,
        {
          Action: ['iam:CreateAccessKey', 'iam:ListAccessKeys', 'iam:DeleteAccessKey'],
          Effect: 'Allow',
          Resource: userArn,
        },
      ],
    }),
  )
  // The invocation: `generate()` creates the key, the handler writes the secret alone to the
  // parameter. Only the key id reaches Terraform's state, as the invocation's result.
  const key = await tf.accessKey(user)
  await tf.parameter(parameter, key.secret)
}

async function secretsCentralization(tf: Terraform): Promise<void> {
  const names = GENERATED['secrets-centralization'].sandbox
  const user = 'dummy-machine-sbx'
  await tf.user(user)
  await tf.userPolicy(
    user,
    'ecr-push',
    legacyPolicyNormalize({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'ecr:BatchCheckLayerAvailability',
            'ecr:InitiateLayerUpload',
            'ecr:UploadLayerPart',
            'ecr:CompleteLayerUpload',
            'ecr:PutImage',
          ],
          Resource: `arn:aws:ecr:${tf.region}:${tf.accountId}:repository/my-service`,
        },
        { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      ],
    }),
  )
  const store = 'dummy-machine-sbx'
  // recovery_window_in_days only matters when the secret is deleted: it is not sent on create.
  await tf.secret(store, [
    { Key: 'Name', Value: 'dummy-machine-sbx' },
    { Key: 'my:environment', Value: 'sandbox' },
    { Key: 'my:owner', Value: 'Luthfi' },
  ])
  await tf.secretValue(
    store,
    names.secretVersion,
    jsonencode({
      AWS_ACCESS_KEY_ID: SECRETS_CENTRALIZATION_VARIABLE_KEY_ID,
      AWS_SECRET_ACCESS_KEY: 'change_me',
    }),
  )
  // Outside Terraform: someone made the user's key in the console, then replaced `change_me`
  // with its secret in the console's key/value editor. The key id stays the variable's.
  const key = await tf.accessKey(user)
  await tf.secretValue(
    store,
    names.consoleVersion,
    JSON.stringify({
      AWS_ACCESS_KEY_ID: SECRETS_CENTRALIZATION_VARIABLE_KEY_ID,
      AWS_SECRET_ACCESS_KEY: key.secret,
    }),
  )
}

// ---------------------------------------------------------------------------------------------
// How Terraform and the AWS provider render JSON

/** Terraform's `jsonencode`: object keys sorted, no whitespace. */
export function jsonencode(value: unknown): string {
  return goJson(sortKeys(value))
}

/** Go's `json.Marshal` of an already ordered value: like JSON.stringify, `<>&` escaped. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

/**
 * What the provider sends for an inline policy: Version first, then Id and Statement, every
 * other object's keys sorted, no whitespace.
 */
export function legacyPolicyNormalize(document: {
  readonly Version?: string
  readonly Id?: string
  readonly Statement: unknown
}): string {
  const { Version, Id, Statement, ...rest } = document
  return goJson({
    ...(Version === undefined ? {} : { Version }),
    ...(Id === undefined ? {} : { Id }),
    Statement: sortKeys(Statement),
    ...(sortKeys(rest) as object),
  })
}

interface DocumentStatement {
  readonly sid?: string
  readonly effect?: 'Allow' | 'Deny'
  readonly actions: readonly string[]
  readonly resources: readonly string[]
}

/**
 * `data "aws_iam_policy_document"`'s `json`, as an object in its key order: a single value
 * becomes a string, several are listed in reverse order.
 */
export function policyDocument(statements: readonly DocumentStatement[]): {
  Version: string
  Statement: Record<string, unknown>[]
} {
  const list = (values: readonly string[]): string | string[] =>
    values.length === 1 ? (values[0] ?? '') : [...values].sort().reverse()
  return {
    Version: '2012-10-17',
    Statement: statements.map((s) => ({
      ...(s.sid === undefined ? {} : { Sid: s.sid }),
      Effect: s.effect ?? 'Allow',
      Action: list(s.actions),
      Resource: list(s.resources),
    })),
  }
}

// ---------------------------------------------------------------------------------------------
// The calls the provider makes, and what they leave behind

interface CreatedKey {
  readonly id: string
  /** Only ever written to a store; never returned, logged or put in an error. */
  readonly secret: string
}

class Terraform {
  readonly region: string
  readonly accountId: string
  readonly #account: TestAccount
  readonly #fixture: Fixture
  readonly #environment: string
  /** Through the proxy, so the account records every key as minted. */
  readonly #keys: IAMClient
  readonly #accessKeyIds: Record<string, string[]> = {}
  readonly #users: Record<string, Principal> = {}
  readonly #groups: Record<string, Principal> = {}
  readonly #roles: Record<string, Principal> = {}
  readonly #memberships: Record<string, string[]> = {}
  readonly #policies: Record<string, string> = {}
  readonly #policyDocuments: Record<string, string> = {}
  readonly #attachments: Attachment[] = []
  readonly #inlinePolicies: InlinePolicy[] = []
  readonly #trustPolicies: Record<string, string> = {}
  readonly #secrets: Record<string, string> = {}
  readonly #secretVersions: Record<string, string> = {}
  readonly #parameters: Record<string, string> = {}

  constructor(account: TestAccount, fixture: Fixture, environment: string) {
    this.#account = account
    this.#fixture = fixture
    this.#environment = environment
    this.region = account.region
    this.accountId = account.account
    this.#keys = new IAMClient({
      region: account.region,
      endpoint: account.proxy.endpoint,
      credentials: ADMIN,
    })
  }

  close(): void {
    this.#keys.destroy()
  }

  async user(name: string): Promise<string> {
    const out = await this.#account.iam.send(new CreateUserCommand({ UserName: name }))
    const arn = required(out.User?.Arn, `user ${name}`)
    this.#users[name] = { arn, id: required(out.User?.UserId, `user ${name}`) }
    return arn
  }

  async group(name: string): Promise<void> {
    const out = await this.#account.iam.send(new CreateGroupCommand({ GroupName: name }))
    this.#groups[name] = {
      arn: required(out.Group?.Arn, `group ${name}`),
      id: required(out.Group?.GroupId, `group ${name}`),
    }
  }

  async role(name: string, trust: string): Promise<void> {
    const out = await this.#account.iam.send(
      new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }),
    )
    this.#roles[name] = {
      arn: required(out.Role?.Arn, `role ${name}`),
      id: required(out.Role?.RoleId, `role ${name}`),
    }
    this.#trustPolicies[name] = trust
  }

  async addToGroup(user: string, group: string): Promise<void> {
    await this.#account.iam.send(new AddUserToGroupCommand({ UserName: user, GroupName: group }))
    ;(this.#memberships[group] ??= []).push(user)
  }

  async userPolicy(user: string, name: string, document: string): Promise<void> {
    await this.#account.iam.send(
      new PutUserPolicyCommand({ UserName: user, PolicyName: name, PolicyDocument: document }),
    )
    this.#inlinePolicies.push({ principal: 'user', principalName: user, name, document })
  }

  async rolePolicy(role: string, name: string, document: string): Promise<void> {
    await this.#account.iam.send(
      new PutRolePolicyCommand({ RoleName: role, PolicyName: name, PolicyDocument: document }),
    )
    this.#inlinePolicies.push({ principal: 'role', principalName: role, name, document })
  }

  async managedPolicy(name: string, description: string, document: string): Promise<string> {
    const out = await this.#account.iam.send(
      new CreatePolicyCommand({
        PolicyName: name,
        Description: description,
        PolicyDocument: document,
      }),
    )
    const arn = required(out.Policy?.Arn, `policy ${name}`)
    this.#policies[name] = arn
    this.#policyDocuments[name] = document
    return arn
  }

  async attach(principal: 'group' | 'role', name: string, policyArn: string): Promise<void> {
    if (principal === 'group')
      await this.#account.iam.send(
        new AttachGroupPolicyCommand({ GroupName: name, PolicyArn: policyArn }),
      )
    else
      await this.#account.iam.send(
        new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }),
      )
    this.#attachments.push({ principal, principalName: name, policyArn })
  }

  async accessKey(user: string): Promise<CreatedKey> {
    const out = await this.#keys.send(new CreateAccessKeyCommand({ UserName: user }))
    const id = required(out.AccessKey?.AccessKeyId, `access key of ${user}`)
    const secret = required(out.AccessKey?.SecretAccessKey, `access key of ${user}`)
    ;(this.#accessKeyIds[user] ??= []).push(id)
    return { id, secret }
  }

  async secret(name: string, tags?: SecretTag[]): Promise<string> {
    const out = await this.#account.secrets.send(
      new CreateSecretCommand({ Name: name, ...(tags === undefined ? {} : { Tags: tags }) }),
    )
    const arn = required(out.ARN, `secret ${name}`)
    this.#secrets[name] = arn
    return arn
  }

  async secretValue(name: string, versionId: string, value: string): Promise<void> {
    await this.#account.secrets.send(
      new PutSecretValueCommand({
        SecretId: this.#secrets[name] ?? name,
        ClientRequestToken: versionId,
        SecretString: value,
      }),
    )
    this.#secretVersions[name] = versionId
  }

  async parameter(name: string, value: string): Promise<void> {
    await this.#account.ssm.send(
      new PutParameterCommand({ Name: name, Value: value, Type: 'SecureString' }),
    )
    const out = await this.#account.ssm.send(new GetParameterCommand({ Name: name }))
    this.#parameters[name] = required(out.Parameter?.ARN, `parameter ${name}`)
  }

  state(): TerraformState {
    return {
      fixture: this.#fixture,
      environment: this.#environment,
      accessKeyIds: this.#accessKeyIds,
      users: this.#users,
      groups: this.#groups,
      roles: this.#roles,
      memberships: this.#memberships,
      policies: this.#policies,
      policyDocuments: this.#policyDocuments,
      attachments: this.#attachments,
      inlinePolicies: this.#inlinePolicies,
      trustPolicies: this.#trustPolicies,
      secrets: this.#secrets,
      secretVersions: this.#secretVersions,
      parameters: this.#parameters,
    }
  }
}

function required(value: string | undefined, what: string): string {
  if (value === undefined) throw new Error(`moto's answer for ${what} lacks a field`)
  return value
}
