/**
 * Reads what an account holds in as few calls as possible: IAM through
 * GetAccountAuthorizationDetails (users, groups, roles and local policies, a thousand per page),
 * roles' description and session length through ListRoles, keyward's secrets and parameters
 * through tag-filtered listings, and keyward's registry. Per-resource calls happen only where a
 * listing cannot answer: a declared store that is not where it should be, a renamed parameter,
 * each OIDC provider (accounts hold a handful: one per cluster or CI issuer), and a store being
 * adopted, once, to learn which key it holds (held-key.ts).
 */
import {
  GetAccountAuthorizationDetailsCommand,
  GetOpenIDConnectProviderCommand,
  ListOpenIDConnectProvidersCommand,
  ListRolesCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
  type GetOpenIDConnectProviderCommandOutput,
  type ListOpenIDConnectProvidersCommandOutput,
  type ListRolesCommandOutput,
} from '@aws-sdk/client-iam'
import {
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  ListSecretsCommand,
  type DescribeSecretCommandOutput,
  type ListSecretsCommandOutput,
  type SecretListEntry,
} from '@aws-sdk/client-secrets-manager'
import {
  DescribeParametersCommand,
  GetParameterCommand,
  ListTagsForResourceCommand,
  type DescribeParametersCommandOutput,
  type ParameterMetadata,
} from '@aws-sdk/client-ssm'
import type {
  AccountState,
  ActualGroup,
  ActualOidcProvider,
  ActualParameter,
  ActualPolicy,
  ActualRole,
  ActualSecret,
  ActualUser,
  Registry,
} from '../model/account-state.ts'
import { EMPTY_REGISTRY } from '../model/account-state.ts'
import { TAG_ENV, TAG_MINT, TAG_POLICY, TAG_PROJECT } from '../model/tags.ts'
import { KeywardError } from '../errors.ts'
import { journalName } from '../model/rotation-journal.ts'
import { stagedKeys } from '../model/secret-versions.ts'
import { decodeRegistry } from '../plan/registry.ts'
import type { PlanScope } from '../plan/scope.ts'
import { withHeldKeys } from './held-key.ts'
import { AwsJournalPort } from './rotation-journal.ts'
import type { AwsSession } from './session.ts'
import { tagsOf } from './tags.ts'

/** Reads the part of the account a plan looks at (see {@link PlanScope}). */
export async function readAccountState(
  session: AwsSession,
  scope: PlanScope,
): Promise<AccountState> {
  const journal = new AwsJournalPort(session, journalName(scope.owner))
  const [iam, secrets, parameters, registry, rotations, oidcProviders] = await Promise.all([
    readIam(session, scope.roles),
    readSecrets(session, scope),
    readParameters(session, scope),
    readRegistry(session, scope.registry),
    journal.readJournal().then((j) => j.records),
    readOidcProviders(session),
  ])
  // Needs the users, stores and journal first: which stores are being adopted, whose keys to read.
  const stores = await withHeldKeys(session, scope, { ...iam, secrets, parameters, rotations })
  return {
    account: scope.account,
    region: session.region,
    ...iam,
    ...stores,
    registry,
    oidcProviders,
    rotations,
  }
}

/**
 * Every IAM OIDC provider in the account, with its audiences, thumbprints and tags. Ours are
 * known only by their tags, and a provider no role of the manifest trusts any more may be ours
 * to delete, so all are read: ListOpenIDConnectProviders names them (unpaged), then
 * GetOpenIDConnectProvider per provider.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOpenIDConnectProviders.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetOpenIDConnectProvider.html
 */
export async function readOidcProviders(session: AwsSession): Promise<ActualOidcProvider[]> {
  const list = await session.send<ListOpenIDConnectProvidersCommandOutput>(
    session.iam,
    new ListOpenIDConnectProvidersCommand({}),
    'iam:ListOpenIDConnectProviders',
  )
  const arns = (list.OpenIDConnectProviderList ?? []).flatMap((p) =>
    p.Arn === undefined ? [] : [p.Arn],
  )
  const found = await Promise.all(
    arns.map(async (arn): Promise<ActualOidcProvider | undefined> => {
      // Gone between the two calls: then it is simply not there.
      const p = await session.find<GetOpenIDConnectProviderCommandOutput>(
        session.iam,
        new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }),
      )
      if (p === undefined) return undefined
      return {
        arn,
        url: (
          p.Url ?? arn.slice(arn.indexOf(':oidc-provider/') + ':oidc-provider/'.length)
        ).replace(/^https:\/\//, ''),
        clientIds: p.ClientIDList ?? [],
        thumbprints: p.ThumbprintList ?? [],
        tags: tagsOf(p.Tags),
      }
    }),
  )
  return found.filter((p) => p !== undefined)
}

/** GAAD returns policy documents URL-encoded (RFC 3986); some emulators return them plain. */
export function decodeDocument(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined
  const plain = text.trimStart().startsWith('{') ? text : decodeURIComponent(text)
  return JSON.parse(plain) as unknown
}

function inline(
  list:
    readonly { PolicyName?: string | undefined; PolicyDocument?: string | undefined }[] | undefined,
) {
  return Object.fromEntries(
    (list ?? []).map((p) => [p.PolicyName ?? '', decodeDocument(p.PolicyDocument)]),
  )
}

export async function readIam(session: AwsSession, roles: boolean) {
  const users: ActualUser[] = []
  const groups: ActualGroup[] = []
  const roleList: ActualRole[] = []
  const policies: ActualPolicy[] = []
  let marker: string | undefined
  do {
    const page: GetAccountAuthorizationDetailsCommandOutput = await session.send(
      session.iam,
      new GetAccountAuthorizationDetailsCommand({
        Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy'],
        MaxItems: 1000,
        ...(marker === undefined ? {} : { Marker: marker }),
      }),
      'iam:GetAccountAuthorizationDetails',
    )
    for (const u of page.UserDetailList ?? []) {
      users.push({
        name: u.UserName ?? '',
        id: u.UserId ?? '',
        arn: u.Arn ?? '',
        path: u.Path ?? '/',
        tags: tagsOf(u.Tags),
        inlinePolicies: inline(u.UserPolicyList),
        managedPolicies: (u.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn ?? ''),
        groups: u.GroupList ?? [],
        ...(u.PermissionsBoundary?.PermissionsBoundaryArn === undefined
          ? {}
          : { permissionsBoundary: u.PermissionsBoundary.PermissionsBoundaryArn }),
      })
    }
    for (const g of page.GroupDetailList ?? []) {
      groups.push({
        name: g.GroupName ?? '',
        id: g.GroupId ?? '',
        arn: g.Arn ?? '',
        path: g.Path ?? '/',
        inlinePolicies: inline(g.GroupPolicyList),
        managedPolicies: (g.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn ?? ''),
      })
    }
    for (const r of page.RoleDetailList ?? []) {
      roleList.push({
        name: r.RoleName ?? '',
        id: r.RoleId ?? '',
        arn: r.Arn ?? '',
        path: r.Path ?? '/',
        tags: tagsOf(r.Tags),
        trustPolicy: decodeDocument(r.AssumeRolePolicyDocument),
        maxSessionDuration: 3600,
        inlinePolicies: inline(r.RolePolicyList),
        managedPolicies: (r.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn ?? ''),
        ...(r.PermissionsBoundary?.PermissionsBoundaryArn === undefined
          ? {}
          : { permissionsBoundary: r.PermissionsBoundary.PermissionsBoundaryArn }),
      })
    }
    for (const p of page.Policies ?? []) {
      const arn = p.Arn ?? ''
      const current = (p.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion === true)
      policies.push({
        // Some emulators leave PolicyName out; the ARN always ends with it.
        name: p.PolicyName ?? arn.slice(arn.lastIndexOf('/') + 1),
        arn,
        path: p.Path ?? '/',
        ...(p.Description === undefined ? {} : { description: p.Description }),
        document: decodeDocument(current?.Document),
        versions: p.PolicyVersionList?.length ?? 1,
      })
    }
    marker = page.IsTruncated === true ? page.Marker : undefined
  } while (marker !== undefined)
  return {
    users,
    groups,
    roles: roles && roleList.length > 0 ? await withRoleDetails(session, roleList) : roleList,
    policies,
  }
}

/** GAAD leaves out a role's description and maximum session; ListRoles has both. */
async function withRoleDetails(session: AwsSession, roles: ActualRole[]): Promise<ActualRole[]> {
  const details = new Map<string, { description?: string; maxSessionDuration?: number }>()
  let marker: string | undefined
  do {
    const page: ListRolesCommandOutput = await session.send(
      session.iam,
      new ListRolesCommand({ MaxItems: 1000, ...(marker === undefined ? {} : { Marker: marker }) }),
      'iam:ListRoles',
    )
    for (const r of page.Roles ?? []) {
      details.set(r.RoleName ?? '', {
        ...(r.Description === undefined ? {} : { description: r.Description }),
        ...(r.MaxSessionDuration === undefined ? {} : { maxSessionDuration: r.MaxSessionDuration }),
      })
    }
    marker = page.IsTruncated === true ? page.Marker : undefined
  } while (marker !== undefined)
  return roles.map((role) => {
    const d = details.get(role.name)
    return {
      ...role,
      ...(d?.description === undefined ? {} : { description: d.description }),
      maxSessionDuration: d?.maxSessionDuration ?? role.maxSessionDuration,
    }
  })
}

function secretOf(entry: SecretListEntry | DescribeSecretCommandOutput): ActualSecret {
  return {
    name: entry.Name ?? '',
    arn: entry.ARN ?? '',
    tags: tagsOf(entry.Tags),
    ...(entry.KmsKeyId === undefined ? {} : { kmsKey: entry.KmsKeyId }),
    ...(entry.Description === undefined ? {} : { description: entry.Description }),
    deleted: entry.DeletedDate !== undefined,
    ...keyOf(
      'SecretVersionsToStages' in entry
        ? entry.SecretVersionsToStages
        : (entry as DescribeSecretCommandOutput).VersionIdsToStages,
    ),
  }
}

function keyOf(stages: Record<string, string[]> | undefined): { currentKey?: string } {
  const current = stagedKeys(stages).current
  return current === undefined ? {} : { currentKey: current }
}

async function readSecrets(session: AwsSession, request: PlanScope): Promise<ActualSecret[]> {
  const found: ActualSecret[] = []
  let token: string | undefined
  do {
    const page: ListSecretsCommandOutput = await session.send(
      session.secrets,
      new ListSecretsCommand({
        IncludePlannedDeletion: true,
        MaxResults: 100,
        Filters: [
          { Key: 'tag-key', Values: [TAG_PROJECT] },
          { Key: 'tag-value', Values: [request.owner.project] },
        ],
        ...(token === undefined ? {} : { NextToken: token }),
      }),
      'secretsmanager:ListSecrets',
    )
    for (const entry of page.SecretList ?? []) {
      const secret = secretOf(entry)
      if (secret.tags[TAG_ENV] === request.owner.environment) found.push(secret)
    }
    token = page.NextToken
  } while (token !== undefined)
  // A declared secret not among ours may exist untagged (to adopt, or a conflict).
  const known = new Set(found.map((s) => s.name))
  for (const name of request.secretNames) {
    if (known.has(name)) continue
    const described = await session.find<DescribeSecretCommandOutput>(
      session.secrets,
      new DescribeSecretCommand({ SecretId: name }),
    )
    if (described !== undefined) found.push(secretOf(described))
  }
  return Promise.all(
    found.map(async (secret) => {
      const wanted = request.secretPolicies[secret.name]
      if (wanted === undefined || secret.deleted || secret.tags[TAG_POLICY] === wanted)
        return secret
      const policy = await session.send<{ ResourcePolicy?: string }>(
        session.secrets,
        new GetResourcePolicyCommand({ SecretId: secret.name }),
        'secretsmanager:GetResourcePolicy',
      )
      return policy.ResourcePolicy === undefined
        ? secret
        : { ...secret, resourcePolicy: JSON.parse(policy.ResourcePolicy) as unknown }
    }),
  )
}

async function describeParameters(
  session: AwsSession,
  filters: { Key: string; Values?: string[] }[],
): Promise<ParameterMetadata[]> {
  const found: ParameterMetadata[] = []
  let token: string | undefined
  do {
    const page: DescribeParametersCommandOutput = await session.send(
      session.ssm,
      new DescribeParametersCommand({
        ParameterFilters: filters,
        MaxResults: 50,
        ...(token === undefined ? {} : { NextToken: token }),
      }),
      'ssm:DescribeParameters',
    )
    found.push(...(page.Parameters ?? []))
    token = page.NextToken
  } while (token !== undefined)
  return found
}

async function readParameters(session: AwsSession, request: PlanScope): Promise<ActualParameter[]> {
  const { project, environment } = request.owner
  const [ours, pending] = await Promise.all([
    describeParameters(session, [
      { Key: `tag:${TAG_PROJECT}`, Values: [project] },
      { Key: `tag:${TAG_ENV}`, Values: [environment] },
    ]),
    describeParameters(session, [
      { Key: `tag:${TAG_PROJECT}`, Values: [project] },
      { Key: `tag:${TAG_MINT}` },
    ]),
  ])
  const declared = new Set(request.parameterNames)
  const interrupted = new Set(pending.map((p) => p.Name ?? ''))
  // The registry is keyward's bookkeeping, not a store.
  const stores = ours.filter((p) => p.Name !== request.registry)
  const names = new Set(stores.map((p) => p.Name ?? ''))
  const missing = request.parameterNames.filter((n) => !names.has(n))
  // Declared parameters not tagged as ours: existing ones can be adopted (or conflict).
  // The Name filter takes 50 values at most.
  const batches: string[][] = []
  for (let i = 0; i < missing.length; i += 50) batches.push(missing.slice(i, i + 50))
  const others = (
    await Promise.all(batches.map((b) => describeParameters(session, [{ Key: 'Name', Values: b }])))
  ).flat()
  return Promise.all(
    [...stores, ...others].map(async (p): Promise<ActualParameter> => {
      const name = p.Name ?? ''
      // The listing has no tags. A declared parameter of ours needs none read; one that is not
      // declared (renamed, removed), not ours, or interrupted mid-mint has them read.
      const known = declared.has(name) && names.has(name) && !interrupted.has(name)
      const tags = known
        ? { [TAG_PROJECT]: project, [TAG_ENV]: environment }
        : await parameterTags(session, name)
      return {
        name,
        type: p.Type ?? 'String',
        ...(p.KeyId === undefined ? {} : { kmsKey: p.KeyId }),
        tier: p.Tier ?? 'Standard',
        ...(p.Description === undefined ? {} : { description: p.Description }),
        tags,
      }
    }),
  )
}

async function parameterTags(session: AwsSession, name: string): Promise<Record<string, string>> {
  const result = await session.send<{ TagList?: { Key?: string; Value?: string }[] }>(
    session.ssm,
    new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: name }),
    'ssm:ListTagsForResource',
  )
  return tagsOf(result.TagList)
}

async function readRegistry(session: AwsSession, name: string): Promise<Registry> {
  const found = await session.find<{ Parameter?: { Value?: string } }>(
    session.ssm,
    new GetParameterCommand({ Name: name }),
  )
  const value = found?.Parameter?.Value
  if (value === undefined) return EMPTY_REGISTRY
  const registry = decodeRegistry(value)
  if (registry === undefined) {
    throw new KeywardError(
      'invalid-registry',
      `The SSM parameter ${name} does not hold a registry this version of keyward can read.`,
      {
        source: 'aws',
        hint: 'It records which groups and managed policies keyward created; restore it from the parameter history (ssm get-parameter-history), or delete it to have keyward treat them as not its own.',
      },
    )
  }
  return registry
}
