/**
 * Customer managed policies, known from the registry by ARN. IAM cannot rename one or change its
 * path or description, so those are replacements; a changed document is a new default version.
 */
import type { ResolvedManagedPolicy } from '../model/resolved.ts'
import { opKind, type PlanContext } from './context.ts'
import { sameDocument } from '../policy/documents.ts'
import { matchRegistered, sameIamName } from './match.ts'
import { policyKey } from './registry.ts'
import type { Op, PropertyDiff } from './plan.ts'
import type { Step } from './steps.ts'

export function planPolicy(cx: PlanContext, policy: ResolvedManagedPolicy): Op[] {
  const registry = cx.actual.registry.policies
  const { match, leftovers } = matchRegistered(
    cx.actual.policies,
    (p) => registry[policyKey(p.arn)],
    policy.id,
    (p) => p.arn === policy.arn,
    policy.adopt,
  )
  if (match.kind === 'conflict') {
    cx.conflicts.push({
      kind: 'policy',
      id: policy.id,
      name: policy.name,
      message: `A managed policy named ${match.actual.name} already exists, and ${match.reason}.`,
      hint: 'Add `adopt: true` to the policy to take it over, or choose another name.',
    })
    return []
  }
  const existing = match.kind === 'absent' ? undefined : match.actual
  const replaced = existing !== undefined && existing.arn !== policy.arn
  // Policy names are unique in the account whatever the path, as for roles (plan-roles.ts).
  if (replaced && sameIamName(existing.name, policy.name)) {
    cx.conflicts.push({
      kind: 'policy',
      id: policy.id,
      name: policy.name,
      message: `IAM cannot rename or move the managed policy ${existing.name}, and its replacement cannot be created under the same name while it exists.`,
      hint: 'Give the policy a new name along with the change (the old one is then deleted with --allow-delete), or delete the old policy first.',
    })
    return []
  }
  const actual = replaced ? undefined : existing
  const steps: Step[] = []
  const diffs: PropertyDiff[] = []
  const document = policy.policy.document
  if (actual === undefined) {
    steps.push({
      kind: 'create-policy',
      arn: policy.arn,
      name: policy.name,
      path: policy.path,
      document,
      tags: policy.tags,
      ...(policy.description === undefined ? {} : { description: policy.description }),
    })
    diffs.push({ property: 'document', after: document })
  } else {
    if (!sameDocument(actual.document, document)) {
      steps.push({ kind: 'set-policy-document', arn: actual.arn, document })
      diffs.push({ property: 'document', before: actual.document, after: document })
    }
    if (match.kind === 'adopt')
      steps.push({ kind: 'tag-policy', arn: actual.arn, tags: policy.tags })
  }
  const kind = opKind(actual !== undefined, match.kind === 'adopt', replaced, steps)
  const broadens =
    actual === undefined || steps.length === 0
      ? undefined
      : cx.differ({ before: [actual.document], after: [document], notes: [] })
  const ops: Op[] = [
    {
      op: kind,
      kind: 'policy',
      id: policy.id,
      name: policy.name,
      ...(replaced
        ? {
            previousName: existing.name,
            note: 'IAM cannot rename a managed policy: a new one replaces it.',
          }
        : {}),
      diffs,
      steps,
      ...(broadens === undefined ? {} : { broadens }),
    },
  ]
  const stale = replaced ? [existing, ...leftovers] : leftovers
  for (const old of stale) {
    ops.push(
      deletePolicyOp(
        cx,
        policy.id,
        old.name,
        old.arn,
        old === existing ? 'the policy replaced by the rename' : 'left over from an earlier rename',
      ),
    )
  }
  return ops
}

export function deletePolicyOp(
  cx: PlanContext,
  id: string,
  name: string,
  arn: string,
  note?: string,
): Op {
  return {
    op: 'delete',
    kind: 'policy',
    id,
    name,
    diffs: [],
    steps: [{ kind: 'delete-policy', arn }],
    ...(note === undefined ? {} : { note }),
    ...(cx.allowDelete ? {} : { blocked: 'needs --allow-delete' }),
  }
}
