/**
 * The grants of a user, group or role — inline policy, attached managed policies, permissions
 * boundary — compared with what the account holds, as steps. Inline policies keyward did not
 * declare are drift and go; so do attachments it did not declare.
 */
import type { ManagedPolicyRef, ResolvedPolicy } from '../model/resolved.ts'
import type { PermissionChange } from './broadening.ts'
import { sameDocument } from '../policy/documents.ts'
import type { PropertyDiff } from './plan.ts'
import type { Step } from './steps.ts'

export type Entity = 'user' | 'group' | 'role'

export interface DesiredGrants {
  readonly inlinePolicy?: ResolvedPolicy
  readonly managedPolicies: readonly ManagedPolicyRef[]
  readonly permissionsBoundary?: string
}

export interface ActualGrants {
  readonly inlinePolicies: Readonly<Record<string, unknown>>
  readonly managedPolicies: readonly string[]
  readonly permissionsBoundary?: string
}

export interface GrantChanges {
  readonly steps: Step[]
  readonly diffs: PropertyDiff[]
  readonly permissions: PermissionChange
}

const EMPTY: ActualGrants = { inlinePolicies: {}, managedPolicies: [] }

/** Documents of customer managed policies by ARN, as they are and as they will be. */
export interface PolicyDocuments {
  readonly before: (arn: string) => unknown
  readonly after: (arn: string) => unknown
}

/** `documents` tells broadening checks what an attachment brings, where keyward knows it. */
export function grantChanges(
  entity: Entity,
  name: string,
  desired: DesiredGrants,
  actual: ActualGrants | undefined,
  documents: PolicyDocuments,
): GrantChanges {
  const have = actual ?? EMPTY
  const steps: Step[] = []
  const diffs: PropertyDiff[] = []
  const wanted = desired.inlinePolicy
  if (wanted !== undefined) {
    const current = have.inlinePolicies[wanted.name]
    if (current === undefined || !sameDocument(current, wanted.document)) {
      steps.push(putPolicy(entity, name, wanted.name, wanted.document))
      diffs.push({
        property: `inline policy ${wanted.name}`,
        ...(current === undefined ? {} : { before: current }),
        after: wanted.document,
      })
    }
  }
  for (const [policy, document] of Object.entries(have.inlinePolicies)) {
    if (policy === wanted?.name) continue
    steps.push(deletePolicy(entity, name, policy))
    diffs.push({ property: `inline policy ${policy}`, before: document })
  }
  const arns = desired.managedPolicies.map((p) => p.arn)
  const attach = arns.filter((arn) => !have.managedPolicies.includes(arn))
  const detach = have.managedPolicies.filter((arn) => !arns.includes(arn))
  for (const arn of attach) steps.push(attachPolicy(entity, name, arn))
  for (const arn of detach) steps.push(detachPolicy(entity, name, arn))
  if (attach.length > 0 || detach.length > 0) {
    diffs.push({ property: 'managed policies', before: have.managedPolicies, after: arns })
  }
  if (entity !== 'group' && desired.permissionsBoundary !== have.permissionsBoundary) {
    steps.push(
      desired.permissionsBoundary === undefined
        ? entity === 'user'
          ? { kind: 'delete-user-boundary', user: name }
          : { kind: 'delete-role-boundary', role: name }
        : entity === 'user'
          ? { kind: 'put-user-boundary', user: name, arn: desired.permissionsBoundary }
          : { kind: 'put-role-boundary', role: name, arn: desired.permissionsBoundary },
    )
    diffs.push({
      property: 'permissions boundary',
      before: have.permissionsBoundary,
      after: desired.permissionsBoundary,
    })
  }
  const known = (list: readonly string[], read: (arn: string) => unknown) =>
    list.map(read).filter((d) => d !== undefined)
  return {
    steps,
    diffs,
    permissions: {
      before: [
        ...Object.values(have.inlinePolicies),
        ...known(have.managedPolicies, documents.before),
      ],
      after: [...(wanted === undefined ? [] : [wanted.document]), ...known(arns, documents.after)],
      notes: [
        ...attach
          .filter((arn) => documents.after(arn) === undefined)
          .map((arn) => `attaches ${arn}`),
        ...(have.permissionsBoundary !== undefined &&
        desired.permissionsBoundary !== have.permissionsBoundary
          ? ['loosens the permissions boundary']
          : []),
      ],
    },
  }
}

function putPolicy(
  entity: Entity,
  name: string,
  policy: string,
  document: ResolvedPolicy['document'],
): Step {
  if (entity === 'user') return { kind: 'put-user-policy', user: name, policy, document }
  if (entity === 'group') return { kind: 'put-group-policy', group: name, policy, document }
  return { kind: 'put-role-policy', role: name, policy, document }
}

function deletePolicy(entity: Entity, name: string, policy: string): Step {
  if (entity === 'user') return { kind: 'delete-user-policy', user: name, policy }
  if (entity === 'group') return { kind: 'delete-group-policy', group: name, policy }
  return { kind: 'delete-role-policy', role: name, policy }
}

function attachPolicy(entity: Entity, name: string, arn: string): Step {
  if (entity === 'user') return { kind: 'attach-user-policy', user: name, arn }
  if (entity === 'group') return { kind: 'attach-group-policy', group: name, arn }
  return { kind: 'attach-role-policy', role: name, arn }
}

function detachPolicy(entity: Entity, name: string, arn: string): Step {
  if (entity === 'user') return { kind: 'detach-user-policy', user: name, arn }
  if (entity === 'group') return { kind: 'detach-group-policy', group: name, arn }
  return { kind: 'detach-role-policy', role: name, arn }
}
