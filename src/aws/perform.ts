/**
 * Carries out one plan step against AWS. Every step is idempotent (see steps.ts), so apply may
 * retry it or run it again after a run was cut short. Mints are not here: they are a protocol
 * of several calls (src/keys/mint.ts) run on {@link AwsKeyPort}.
 */
import {
  UntagRoleCommand,
  UntagUserCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam'
import type { Step } from '../plan/steps.ts'
import {
  attach,
  deleteBoundary,
  deleteInline,
  detach,
  putBoundary,
  putInline,
} from './perform-grants.ts'
import {
  addToGroup,
  createGroup,
  createRole,
  createUser,
  deleteGroup,
  deleteRole,
  deleteUser,
  removeFromGroup,
  renameGroup,
  renameUser,
  tagRole,
  tagUser,
  updateRole,
} from './perform-iam.ts'
import {
  addOidcClientId,
  createOidcProvider,
  deleteOidcProvider,
  removeOidcClientId,
  tagOidcProvider,
  untagOidcProvider,
  updateOidcThumbprints,
} from './perform-oidc.ts'
import { createPolicy, deletePolicy, setPolicyDocument, tagPolicy } from './perform-policies.ts'
import {
  deleteRecordedKey,
  deleteParameter,
  deleteSecret,
  deleteSecretPolicy,
  putRegistry,
  putSecretPolicy,
  restoreSecret,
  tagParameter,
  tagSecret,
  untagParameter,
  untagSecret,
  updateSecret,
} from './perform-stores.ts'
import { recordKey } from './held-key.ts'
import type { AwsSession } from './session.ts'

export type PlainStep = Exclude<Step, { kind: 'mint-key' }>

export async function performStep(s: AwsSession, step: PlainStep): Promise<void> {
  switch (step.kind) {
    case 'create-user':
      return createUser(s, step)
    case 'rename-user':
      return renameUser(s, step)
    case 'tag-user':
      return tagUser(s, step.user, step.tags)
    case 'untag-user':
      await s.call(s.iam, new UntagUserCommand({ UserName: step.user, TagKeys: [...step.keys] }))
      return
    case 'put-user-policy':
      return putInline(s, 'user', step.user, step.policy, step.document)
    case 'delete-user-policy':
      return deleteInline(s, 'user', step.user, step.policy)
    case 'attach-user-policy':
      return attach(s, 'user', step.user, step.arn)
    case 'detach-user-policy':
      return detach(s, 'user', step.user, step.arn)
    case 'put-user-boundary':
      return putBoundary(s, 'user', step.user, step.arn)
    case 'delete-user-boundary':
      return deleteBoundary(s, 'user', step.user)
    case 'add-user-to-group':
      return addToGroup(s, step.user, step.group)
    case 'remove-user-from-group':
      return removeFromGroup(s, step.user, step.group)
    case 'delete-user':
      return deleteUser(s, step.user)
    case 'create-group':
      return createGroup(s, step)
    case 'rename-group':
      return renameGroup(s, step)
    case 'put-group-policy':
      return putInline(s, 'group', step.group, step.policy, step.document)
    case 'delete-group-policy':
      return deleteInline(s, 'group', step.group, step.policy)
    case 'attach-group-policy':
      return attach(s, 'group', step.group, step.arn)
    case 'detach-group-policy':
      return detach(s, 'group', step.group, step.arn)
    case 'delete-group':
      return deleteGroup(s, step.group)
    case 'create-role':
      return createRole(s, step)
    case 'update-role':
      return updateRole(s, step)
    case 'update-trust':
      await s.call(
        s.iam,
        new UpdateAssumeRolePolicyCommand({
          RoleName: step.role,
          PolicyDocument: JSON.stringify(step.trust),
        }),
      )
      return
    case 'tag-role':
      return tagRole(s, step.role, step.tags)
    case 'untag-role':
      await s.call(s.iam, new UntagRoleCommand({ RoleName: step.role, TagKeys: [...step.keys] }))
      return
    case 'put-role-policy':
      return putInline(s, 'role', step.role, step.policy, step.document)
    case 'delete-role-policy':
      return deleteInline(s, 'role', step.role, step.policy)
    case 'attach-role-policy':
      return attach(s, 'role', step.role, step.arn)
    case 'detach-role-policy':
      return detach(s, 'role', step.role, step.arn)
    case 'put-role-boundary':
      return putBoundary(s, 'role', step.role, step.arn)
    case 'delete-role-boundary':
      return deleteBoundary(s, 'role', step.role)
    case 'delete-role':
      return deleteRole(s, step.role)
    case 'create-policy':
      return createPolicy(s, step)
    case 'set-policy-document':
      return setPolicyDocument(s, step.arn, step.document)
    case 'tag-policy':
      return tagPolicy(s, step.arn, step.tags)
    case 'delete-policy':
      return deletePolicy(s, step.arn)
    case 'create-oidc-provider':
      return createOidcProvider(s, step)
    case 'add-oidc-client-id':
      return addOidcClientId(s, step.arn, step.clientId)
    case 'remove-oidc-client-id':
      return removeOidcClientId(s, step.arn, step.clientId)
    case 'update-oidc-thumbprints':
      return updateOidcThumbprints(s, step.arn, step.thumbprints)
    case 'tag-oidc-provider':
      return tagOidcProvider(s, step.arn, step.tags)
    case 'untag-oidc-provider':
      return untagOidcProvider(s, step.arn, step.keys)
    case 'delete-oidc-provider':
      return deleteOidcProvider(s, step.arn)
    case 'update-secret':
      return updateSecret(s, step)
    case 'tag-secret':
      return tagSecret(s, step.name, step.tags)
    case 'untag-secret':
      return untagSecret(s, step.name, step.keys)
    case 'put-secret-policy':
      return putSecretPolicy(s, step.name, step.document)
    case 'delete-secret-policy':
      return deleteSecretPolicy(s, step.name)
    case 'delete-secret':
      return deleteSecret(s, step.name, step.recoveryWindowDays)
    case 'restore-secret':
      return restoreSecret(s, step.name)
    case 'tag-parameter':
      return tagParameter(s, step.name, step.tags)
    case 'untag-parameter':
      return untagParameter(s, step.name, step.keys)
    case 'delete-parameter':
      return deleteParameter(s, step.name)
    case 'record-key':
      return recordKey(s, step)
    case 'delete-recorded-key':
      return deleteRecordedKey(s, step)
    case 'put-registry':
      return putRegistry(s, step)
  }
}
