/**
 * The grant steps shared by users, groups and roles — inline policies, attachments, boundaries —
 * each written once over the entity. Removals treat "already gone" as done, so a retried or
 * repeated step is harmless.
 */
import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  DeleteGroupPolicyCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DeleteUserPermissionsBoundaryCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  PutGroupPolicyCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import type { PolicyDocument } from '../model/policy-document.ts'
import type { AwsSession } from './session.ts'

export type Entity = 'user' | 'group' | 'role'

export async function putInline(
  s: AwsSession,
  entity: Entity,
  name: string,
  policy: string,
  document: PolicyDocument,
): Promise<void> {
  const input = { PolicyName: policy, PolicyDocument: JSON.stringify(document) }
  await s.call(
    s.iam,
    entity === 'user'
      ? new PutUserPolicyCommand({ UserName: name, ...input })
      : entity === 'group'
        ? new PutGroupPolicyCommand({ GroupName: name, ...input })
        : new PutRolePolicyCommand({ RoleName: name, ...input }),
  )
}

export async function deleteInline(
  s: AwsSession,
  entity: Entity,
  name: string,
  policy: string,
): Promise<void> {
  await s.find(
    s.iam,
    entity === 'user'
      ? new DeleteUserPolicyCommand({ UserName: name, PolicyName: policy })
      : entity === 'group'
        ? new DeleteGroupPolicyCommand({ GroupName: name, PolicyName: policy })
        : new DeleteRolePolicyCommand({ RoleName: name, PolicyName: policy }),
  )
}

export async function attach(s: AwsSession, entity: Entity, name: string, arn: string) {
  await s.call(
    s.iam,
    entity === 'user'
      ? new AttachUserPolicyCommand({ UserName: name, PolicyArn: arn })
      : entity === 'group'
        ? new AttachGroupPolicyCommand({ GroupName: name, PolicyArn: arn })
        : new AttachRolePolicyCommand({ RoleName: name, PolicyArn: arn }),
  )
}

export async function detach(s: AwsSession, entity: Entity, name: string, arn: string) {
  await s.find(
    s.iam,
    entity === 'user'
      ? new DetachUserPolicyCommand({ UserName: name, PolicyArn: arn })
      : entity === 'group'
        ? new DetachGroupPolicyCommand({ GroupName: name, PolicyArn: arn })
        : new DetachRolePolicyCommand({ RoleName: name, PolicyArn: arn }),
  )
}

export async function putBoundary(
  s: AwsSession,
  entity: 'user' | 'role',
  name: string,
  arn: string,
) {
  await s.call(
    s.iam,
    entity === 'user'
      ? new PutUserPermissionsBoundaryCommand({ UserName: name, PermissionsBoundary: arn })
      : new PutRolePermissionsBoundaryCommand({ RoleName: name, PermissionsBoundary: arn }),
  )
}

export async function deleteBoundary(s: AwsSession, entity: 'user' | 'role', name: string) {
  await s.find(
    s.iam,
    entity === 'user'
      ? new DeleteUserPermissionsBoundaryCommand({ UserName: name })
      : new DeleteRolePermissionsBoundaryCommand({ RoleName: name }),
  )
}

/**
 * Before IAM deletes a user, group or role, it must hold no policies of either kind. A
 * permissions boundary does not stand in the way, so it is left to go with the entity.
 */
export async function clearGrants(s: AwsSession, entity: Entity, name: string): Promise<void> {
  const inline = await s.find<{ PolicyNames?: string[] }>(
    s.iam,
    entity === 'user'
      ? new ListUserPoliciesCommand({ UserName: name })
      : entity === 'group'
        ? new ListGroupPoliciesCommand({ GroupName: name })
        : new ListRolePoliciesCommand({ RoleName: name }),
  )
  for (const policy of inline?.PolicyNames ?? []) await deleteInline(s, entity, name, policy)
  const attached = await s.find<{ AttachedPolicies?: { PolicyArn?: string }[] }>(
    s.iam,
    entity === 'user'
      ? new ListAttachedUserPoliciesCommand({ UserName: name })
      : entity === 'group'
        ? new ListAttachedGroupPoliciesCommand({ GroupName: name })
        : new ListAttachedRolePoliciesCommand({ RoleName: name }),
  )
  for (const p of attached?.AttachedPolicies ?? [])
    if (p.PolicyArn !== undefined) await detach(s, entity, name, p.PolicyArn)
}
