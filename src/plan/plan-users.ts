/**
 * Users: created, renamed in place (UpdateUser keeps the user id and its access keys — seed 001's
 * case), adopted, or brought back in line with the manifest.
 */
import type { ResolvedUser } from '../model/resolved.ts'
import { opKind, retag, type PlanContext } from './context.ts'
import { grantChanges } from './grants.ts'
import { matchTagged, sameIamName } from './match.ts'
import type { Op, PropertyDiff } from './plan.ts'
import type { Step } from './steps.ts'

export function planUser(cx: PlanContext, user: ResolvedUser): Op | undefined {
  const match = matchTagged(cx.actual.users, cx.owner, user.id, user.name, user.adopt)
  if (match.kind === 'conflict') {
    cx.conflicts.push({
      kind: 'user',
      id: user.id,
      name: user.name,
      message: `A user named ${match.actual.name} already exists, and ${match.reason}.`,
      hint: 'Add `adopt: true` to the identity to take it over, or choose another name.',
    })
    return undefined
  }
  const actual = match.kind === 'absent' ? undefined : match.actual
  const steps: Step[] = []
  const diffs: PropertyDiff[] = []
  let renamed = false
  if (actual === undefined) {
    steps.push({ kind: 'create-user', name: user.name, path: user.path, tags: user.tags })
  } else {
    if (actual.name !== user.name || actual.path !== user.path) {
      renamed = actual.name !== user.name
      steps.push({ kind: 'rename-user', from: actual.name, to: user.name, path: user.path })
      if (renamed) diffs.push({ property: 'name', before: actual.name, after: user.name })
      if (actual.path !== user.path)
        diffs.push({ property: 'path', before: actual.path, after: user.path })
    }
    const tags = retag(
      user.tags,
      actual.tags,
      (set) => ({ kind: 'tag-user', user: user.name, tags: set }),
      (keys) => ({ kind: 'untag-user', user: user.name, keys }),
    )
    steps.push(...tags.steps)
    diffs.push(...tags.diffs)
  }
  const grants = grantChanges('user', user.name, user, actual, cx.documents)
  steps.push(...grants.steps)
  diffs.push(...grants.diffs)
  const desiredGroups = user.groups.map((g) => g.name)
  const currentGroups = (actual?.groups ?? []).map((g) => cx.groupRenames.get(g) ?? g)
  const joins = desiredGroups.filter((g) => !currentGroups.some((c) => sameIamName(c, g)))
  const leaves = currentGroups.filter((c) => !desiredGroups.some((g) => sameIamName(c, g)))
  for (const group of joins) steps.push({ kind: 'add-user-to-group', user: user.name, group })
  for (const group of leaves) steps.push({ kind: 'remove-user-from-group', user: user.name, group })
  if (joins.length > 0 || leaves.length > 0)
    diffs.push({ property: 'groups', before: currentGroups, after: desiredGroups })
  const op = opKind(actual !== undefined, match.kind === 'adopt', renamed, steps)
  const broadens =
    op === 'create' || op === 'no-op'
      ? undefined
      : cx.differ({
          ...grants.permissions,
          notes: [...grants.permissions.notes, ...joins.map((g) => `joins group ${g}`)],
        })
  return {
    op,
    kind: 'user',
    id: user.id,
    name: user.name,
    ...(renamed && actual !== undefined ? { previousName: actual.name } : {}),
    diffs,
    steps,
    ...(broadens === undefined ? {} : { broadens }),
  }
}
