/**
 * Groups. IAM groups take no tags, so keyward knows its groups from its registry; a changed name
 * is an in-place rename (UpdateGroup), and members follow it.
 */
import type { ResolvedGroup } from '../model/resolved.ts'
import { opKind, type PlanContext } from './context.ts'
import { grantChanges } from './grants.ts'
import { matchRegistered, sameIamName } from './match.ts'
import type { Op, PropertyDiff } from './plan.ts'
import type { Step } from './steps.ts'

/** Groups first: their renames change the names users' memberships are compared by. */
export function planGroup(cx: PlanContext, group: ResolvedGroup): Op[] {
  const registry = cx.actual.registry.groups
  const { match, leftovers } = matchRegistered(
    cx.actual.groups,
    (g) => registeredGroup(registry, g.name),
    group.id,
    (g) => sameIamName(g.name, group.name),
    group.adopt,
  )
  if (match.kind === 'conflict') {
    cx.conflicts.push({
      kind: 'group',
      id: group.id,
      name: group.name,
      message: `A group named ${match.actual.name} already exists, and ${match.reason}.`,
      hint: 'Add `adopt: true` to the identity to take it over, or choose another name.',
    })
    return []
  }
  const actual = match.kind === 'absent' ? undefined : match.actual
  const steps: Step[] = []
  const diffs: PropertyDiff[] = []
  let renamed = false
  if (actual === undefined) steps.push({ kind: 'create-group', name: group.name, path: group.path })
  else if (actual.name !== group.name || actual.path !== group.path) {
    renamed = actual.name !== group.name
    steps.push({ kind: 'rename-group', from: actual.name, to: group.name, path: group.path })
    if (renamed) {
      cx.groupRenames.set(actual.name, group.name)
      diffs.push({ property: 'name', before: actual.name, after: group.name })
    }
    if (actual.path !== group.path)
      diffs.push({ property: 'path', before: actual.path, after: group.path })
  }
  const grants = grantChanges('group', group.name, group, actual, cx.documents)
  steps.push(...grants.steps)
  diffs.push(...grants.diffs)
  const kind = opKind(actual !== undefined, match.kind === 'adopt', renamed, steps)
  const broadens = kind === 'create' || kind === 'no-op' ? undefined : cx.differ(grants.permissions)
  return [
    {
      op: kind,
      kind: 'group',
      id: group.id,
      name: group.name,
      ...(renamed && actual !== undefined ? { previousName: actual.name } : {}),
      diffs,
      steps,
      ...(broadens === undefined ? {} : { broadens }),
    },
    ...leftovers.map((g) =>
      deleteGroupOp(cx, group.id, g.name, 'left over from an earlier rename'),
    ),
  ]
}

/** The id the registry records for a group name; IAM group names ignore case. */
export function registeredGroup(
  registry: Readonly<Record<string, string>>,
  name: string,
): string | undefined {
  const exact = registry[name]
  if (exact !== undefined) return exact
  const lower = name.toLowerCase()
  for (const [n, id] of Object.entries(registry)) if (n.toLowerCase() === lower) return id
  return undefined
}

export function deleteGroupOp(cx: PlanContext, id: string, name: string, note?: string): Op {
  return {
    op: 'delete',
    kind: 'group',
    id,
    name,
    diffs: [],
    steps: [{ kind: 'delete-group', group: name }],
    ...(note === undefined ? {} : { note }),
    ...(cx.allowDelete ? {} : { blocked: 'needs --allow-delete' }),
  }
}
