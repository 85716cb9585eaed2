/**
 * Roles. IAM cannot rename a role or move it to another path, so a changed name or path is a
 * replacement: the new role is created, and the old one deleted (with --allow-delete).
 */
import type { ResolvedRole } from '../model/resolved.ts'
import { opKind, retag, type PlanContext } from './context.ts'
import { sameDocument } from '../policy/documents.ts'
import { grantChanges } from './grants.ts'
import { matchTagged, sameIamName } from './match.ts'
import type { Op, PropertyDiff } from './plan.ts'
import type { Step } from './steps.ts'

export function planRole(cx: PlanContext, role: ResolvedRole): Op[] {
  const match = matchTagged(cx.actual.roles, cx.owner, role.id, role.name, role.adopt)
  if (match.kind === 'conflict') {
    cx.conflicts.push({
      kind: 'role',
      id: role.id,
      name: role.name,
      message: `A role named ${match.actual.name} already exists, and ${match.reason}.`,
      hint: 'Add `adopt: true` to the identity to take it over, or choose another name.',
    })
    return []
  }
  const existing = match.kind === 'absent' ? undefined : match.actual
  const replaced =
    existing !== undefined && (existing.name !== role.name || existing.path !== role.path)
  // Role names are unique in the account whatever their case or path: the replacement cannot
  // exist beside the old role, and a create that found the old one would be followed by its delete.
  if (replaced && sameIamName(existing.name, role.name)) {
    cx.conflicts.push({
      kind: 'role',
      id: role.id,
      name: role.name,
      message: `IAM cannot rename or move the role ${existing.name}, and its replacement cannot be created under the same name while it exists.`,
      hint: 'Give the role a new name along with the change (the old role is then deleted with --allow-delete), or delete the old role first.',
    })
    return []
  }
  const actual = replaced ? undefined : existing
  const steps: Step[] = []
  const diffs: PropertyDiff[] = []
  if (actual === undefined) {
    steps.push({
      kind: 'create-role',
      name: role.name,
      path: role.path,
      tags: role.tags,
      trust: role.trustPolicy,
      maxSessionDuration: role.maxSessionDurationSeconds,
      ...(role.description === undefined ? {} : { description: role.description }),
    })
    diffs.push({ property: 'trust policy', after: role.trustPolicy })
  } else {
    if (!sameDocument(actual.trustPolicy, role.trustPolicy)) {
      steps.push({ kind: 'update-trust', role: role.name, trust: role.trustPolicy })
      diffs.push({ property: 'trust policy', before: actual.trustPolicy, after: role.trustPolicy })
    }
    if (
      actual.maxSessionDuration !== role.maxSessionDurationSeconds ||
      (actual.description ?? '') !== (role.description ?? '')
    ) {
      steps.push({
        kind: 'update-role',
        role: role.name,
        maxSessionDuration: role.maxSessionDurationSeconds,
        ...(role.description === undefined ? {} : { description: role.description }),
      })
      diffs.push({
        property: 'settings',
        before: { description: actual.description, maxSessionDuration: actual.maxSessionDuration },
        after: {
          description: role.description,
          maxSessionDuration: role.maxSessionDurationSeconds,
        },
      })
    }
    const tags = retag(
      role.tags,
      actual.tags,
      (set) => ({ kind: 'tag-role', role: role.name, tags: set }),
      (keys) => ({ kind: 'untag-role', role: role.name, keys }),
    )
    steps.push(...tags.steps)
    diffs.push(...tags.diffs)
  }
  const grants = grantChanges('role', role.name, role, actual, cx.documents)
  steps.push(...grants.steps)
  diffs.push(...grants.diffs)
  const trustWidened = actual !== undefined && !sameDocument(actual.trustPolicy, role.trustPolicy)
  const kind = opKind(actual !== undefined, match.kind === 'adopt', replaced, steps)
  const broadens =
    kind === 'create' || kind === 'no-op' || kind === 'rename'
      ? undefined
      : cx.differ({
          ...grants.permissions,
          notes: [
            ...grants.permissions.notes,
            ...(trustWidened ? ['changes who may assume the role'] : []),
          ],
        })
  const ops: Op[] = [
    {
      op: kind,
      kind: 'role',
      id: role.id,
      name: role.name,
      ...(replaced
        ? { previousName: existing.name, note: 'IAM cannot rename a role: a new role replaces it.' }
        : {}),
      diffs,
      steps,
      ...(broadens === undefined ? {} : { broadens }),
    },
  ]
  if (replaced) {
    ops.push({
      op: 'delete',
      kind: 'role',
      id: role.id,
      name: existing.name,
      diffs: [],
      steps: [{ kind: 'delete-role', role: existing.name }],
      note: 'the role replaced by the rename',
      ...(cx.allowDelete ? {} : { blocked: 'needs --allow-delete' }),
    })
  }
  return ops
}
