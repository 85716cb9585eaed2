/**
 * Customer managed policies. A changed document becomes a new default version — IAM keeps five,
 * so the oldest non-default one goes first — and nothing is written when the default already
 * says the same, which makes a retried step a no-op.
 */
import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListEntitiesForPolicyCommand,
  ListPolicyVersionsCommand,
  TagPolicyCommand,
  type ListEntitiesForPolicyCommandOutput,
  type PolicyVersion,
} from '@aws-sdk/client-iam'
import type { PolicyDocument } from '../model/policy-document.ts'
import { sameDocument } from '../policy/documents.ts'
import type { Step } from '../plan/steps.ts'
import { detach } from './perform-grants.ts'
import { decodeDocument } from './read-state.ts'
import type { AwsSession } from './session.ts'
import { created, tagList } from './tags.ts'

/** IAM keeps at most five versions of a managed policy. */
const MAX_VERSIONS = 5

export async function createPolicy(
  s: AwsSession,
  step: Extract<Step, { kind: 'create-policy' }>,
): Promise<void> {
  const made = await created(
    s.call(
      s.iam,
      new CreatePolicyCommand({
        PolicyName: step.name,
        Path: step.path,
        PolicyDocument: JSON.stringify(step.document),
        Tags: tagList(step.tags),
        ...(step.description === undefined ? {} : { Description: step.description }),
      }),
    ),
  )
  // Recorded in the registry before this step, so it is the one an earlier attempt created.
  if (!made) await setPolicyDocument(s, step.arn, step.document)
}

export async function setPolicyDocument(
  s: AwsSession,
  arn: string,
  document: PolicyDocument,
): Promise<void> {
  const policy = await s.call<{ Policy?: { DefaultVersionId?: string } }>(
    s.iam,
    new GetPolicyCommand({ PolicyArn: arn }),
  )
  const current = await s.call<{ PolicyVersion?: { Document?: string } }>(
    s.iam,
    new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy.Policy?.DefaultVersionId }),
  )
  if (sameDocument(decodeDocument(current.PolicyVersion?.Document), document)) return
  const versions = await listVersions(s, arn)
  if (versions.length >= MAX_VERSIONS) {
    const oldest = versions
      .filter((v) => v.IsDefaultVersion !== true)
      .sort((a, b) => (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0))[0]
    if (oldest !== undefined)
      await s.find(
        s.iam,
        new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: oldest.VersionId }),
      )
  }
  await s.call(
    s.iam,
    new CreatePolicyVersionCommand({
      PolicyArn: arn,
      PolicyDocument: JSON.stringify(document),
      SetAsDefault: true,
    }),
  )
}

async function listVersions(s: AwsSession, arn: string): Promise<PolicyVersion[]> {
  const result = await s.call<{ Versions?: PolicyVersion[] }>(
    s.iam,
    new ListPolicyVersionsCommand({ PolicyArn: arn }),
  )
  return result.Versions ?? []
}

export async function tagPolicy(
  s: AwsSession,
  arn: string,
  tags: Readonly<Record<string, string>>,
): Promise<void> {
  await s.call(s.iam, new TagPolicyCommand({ PolicyArn: arn, Tags: tagList(tags) }))
}

/** Detached from everything and stripped of old versions first, as IAM requires. */
export async function deletePolicy(s: AwsSession, arn: string): Promise<void> {
  let marker: string | undefined
  do {
    const page = await s.find<ListEntitiesForPolicyCommandOutput>(
      s.iam,
      new ListEntitiesForPolicyCommand({
        PolicyArn: arn,
        ...(marker === undefined ? {} : { Marker: marker }),
      }),
    )
    if (page === undefined) return
    for (const u of page.PolicyUsers ?? [])
      if (u.UserName !== undefined) await detach(s, 'user', u.UserName, arn)
    for (const g of page.PolicyGroups ?? [])
      if (g.GroupName !== undefined) await detach(s, 'group', g.GroupName, arn)
    for (const r of page.PolicyRoles ?? [])
      if (r.RoleName !== undefined) await detach(s, 'role', r.RoleName, arn)
    marker = page.IsTruncated === true ? page.Marker : undefined
  } while (marker !== undefined)
  for (const v of await listVersions(s, arn)) {
    if (v.IsDefaultVersion === true) continue
    await s.find(s.iam, new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v.VersionId }))
  }
  await s.find(s.iam, new DeletePolicyCommand({ PolicyArn: arn }))
}
