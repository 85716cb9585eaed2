/**
 * A Terraform-style refresh of the resources a {@link BenchManifest} describes: every managed
 * resource read on its own, with the reads the Terraform AWS provider's Read function for the
 * equivalent resource type makes. Which reads, and why, is documented in bench/plan-calls.ts.
 *
 * Reads run ten at a time, Terraform's default `-parallelism`. Any failed read fails the refresh:
 * a refresh that skipped resources would undercount.
 */
import {
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListGroupsForUserCommand,
  type ListAccessKeysCommandOutput,
  type ListAttachedGroupPoliciesCommandOutput,
  type ListAttachedRolePoliciesCommandOutput,
  type ListGroupsForUserCommandOutput,
} from '@aws-sdk/client-iam'
import {
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager'
import {
  DescribeParametersCommand,
  GetParameterCommand,
  ListTagsForResourceCommand,
  SSMClient,
} from '@aws-sdk/client-ssm'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { INLINE_POLICY, type BenchManifest } from './manifest.ts'

export const PARALLELISM = 10

export interface RefreshResult {
  /** How many Terraform resources were refreshed (what `terraform plan` would list). */
  readonly resources: number
  /** How many secret values GetSecretValue returned (and were thrown away). */
  readonly secretValues: number
}

type Read = () => Promise<unknown>

export async function refresh(
  manifest: BenchManifest,
  connection: {
    endpoint: string
    region: string
    credentials: { accessKeyId: string; secretAccessKey: string }
  },
): Promise<RefreshResult> {
  // maxAttempts 1: every call the proxy counts is one the provider would have made, no retries.
  const config = { ...connection, maxAttempts: 1 }
  const iam = new IAMClient(config)
  const secrets = new SecretsManagerClient(config)
  const ssm = new SSMClient(config)
  const sts = new STSClient(config)
  let secretValues = 0

  // Each list paginates to the end, as the provider's paginators do.
  const attachedToRole = async (role: string, arn: string) => {
    let marker: string | undefined
    let found = false
    do {
      const page: ListAttachedRolePoliciesCommandOutput = await iam.send(
        new ListAttachedRolePoliciesCommand({
          RoleName: role,
          ...(marker === undefined ? {} : { Marker: marker }),
        }),
      )
      found ||= (page.AttachedPolicies ?? []).some((p) => p.PolicyArn === arn)
      marker = page.IsTruncated === true ? page.Marker : undefined
    } while (marker !== undefined)
    if (!found) throw new Error(`${arn} is not attached to role ${role}`)
  }
  const attachedToGroup = async (group: string, arn: string) => {
    let marker: string | undefined
    let found = false
    do {
      const page: ListAttachedGroupPoliciesCommandOutput = await iam.send(
        new ListAttachedGroupPoliciesCommand({
          GroupName: group,
          ...(marker === undefined ? {} : { Marker: marker }),
        }),
      )
      found ||= (page.AttachedPolicies ?? []).some((p) => p.PolicyArn === arn)
      marker = page.IsTruncated === true ? page.Marker : undefined
    } while (marker !== undefined)
    if (!found) throw new Error(`${arn} is not attached to group ${group}`)
  }
  const groupsOf = async (user: string) => {
    let marker: string | undefined
    do {
      const page: ListGroupsForUserCommandOutput = await iam.send(
        new ListGroupsForUserCommand({
          UserName: user,
          ...(marker === undefined ? {} : { Marker: marker }),
        }),
      )
      marker = page.IsTruncated === true ? page.Marker : undefined
    } while (marker !== undefined)
  }
  const accessKeysOf = async (user: string) => {
    let marker: string | undefined
    let keys = 0
    do {
      const page: ListAccessKeysCommandOutput = await iam.send(
        new ListAccessKeysCommand({
          UserName: user,
          ...(marker === undefined ? {} : { Marker: marker }),
        }),
      )
      keys += page.AccessKeyMetadata?.length ?? 0
      marker = page.IsTruncated === true ? page.Marker : undefined
    } while (marker !== undefined)
    if (keys === 0) throw new Error(`user ${user} has no access key`)
  }

  // One entry per Terraform resource; its reads run in order, as one Read function would.
  const resources: Read[] = []
  for (const p of manifest.policies) {
    resources.push(async () => {
      const policy = await iam.send(new GetPolicyCommand({ PolicyArn: p.arn }))
      await iam.send(
        new GetPolicyVersionCommand({
          PolicyArn: p.arn,
          VersionId: policy.Policy?.DefaultVersionId ?? 'v1',
        }),
      )
    })
  }
  for (const g of manifest.groups) {
    resources.push(() => iam.send(new GetGroupCommand({ GroupName: g.name })))
    if (g.inline)
      resources.push(() =>
        iam.send(new GetGroupPolicyCommand({ GroupName: g.name, PolicyName: INLINE_POLICY })),
      )
    for (const arn of g.managed) resources.push(() => attachedToGroup(g.name, arn))
  }
  for (const r of manifest.roles) {
    resources.push(() => iam.send(new GetRoleCommand({ RoleName: r.name })))
    if (r.inline)
      resources.push(() =>
        iam.send(new GetRolePolicyCommand({ RoleName: r.name, PolicyName: INLINE_POLICY })),
      )
    for (const arn of r.managed) resources.push(() => attachedToRole(r.name, arn))
  }
  for (const u of manifest.users) {
    resources.push(() => iam.send(new GetUserCommand({ UserName: u.name })))
    if (u.inline)
      resources.push(() =>
        iam.send(new GetUserPolicyCommand({ UserName: u.name, PolicyName: INLINE_POLICY })),
      )
    if (u.groups.length > 0) resources.push(() => groupsOf(u.name))
    const key = u.key
    if (key === undefined) continue
    resources.push(() => accessKeysOf(u.name))
    if (key.store === 'secretsmanager') {
      resources.push(async () => {
        await secrets.send(new DescribeSecretCommand({ SecretId: key.name }))
        await secrets.send(new GetResourcePolicyCommand({ SecretId: key.name }))
      })
      resources.push(async () => {
        // The value is dropped on the spot: it is read only to count the call.
        const value = await secrets.send(new GetSecretValueCommand({ SecretId: key.name }))
        if (value.SecretString !== undefined || value.SecretBinary !== undefined) secretValues++
      })
    } else {
      resources.push(async () => {
        const found = await ssm.send(
          new GetParameterCommand({ Name: key.name, WithDecryption: true }),
        )
        if (found.Parameter?.Value !== undefined) secretValues++
        await ssm.send(
          new DescribeParametersCommand({
            ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [key.name] }],
          }),
        )
        await ssm.send(
          new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: key.name }),
        )
      })
    }
  }

  try {
    // The provider confirms who it is once, when it is configured.
    await sts.send(new GetCallerIdentityCommand({}))
    await pool(resources, PARALLELISM)
  } finally {
    for (const client of [iam, secrets, ssm, sts]) client.destroy()
  }
  return { resources: resources.length, secretValues }
}

async function pool(tasks: readonly Read[], width: number): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]
      if (task !== undefined) await task()
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker))
}
