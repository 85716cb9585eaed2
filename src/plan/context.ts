import type { AccountState, Tags } from '../model/account-state.ts'
import type { ResolvedEnvironment } from '../model/resolved.ts'
import type { Owner } from '../model/tags.ts'
import { RESERVED_TAG_PREFIX, TAG_ENV, TAG_ID, TAG_MANAGED, TAG_PROJECT } from '../model/tags.ts'
import type { PermissionDiffer } from './broadening.ts'
import type { PolicyDocuments } from './grants.ts'
import type { Conflict, OpKind, PropertyDiff } from './plan.ts'
import type { Step } from './steps.ts'

/** What every part of planning reads, and where it records conflicts. */
export interface PlanContext {
  readonly desired: ResolvedEnvironment
  readonly actual: AccountState
  readonly owner: Owner
  readonly allowDelete: boolean
  readonly differ: PermissionDiffer
  readonly conflicts: Conflict[]
  /** Groups renamed by this plan: current name → new name. */
  readonly groupRenames: Map<string, string>
  readonly documents: PolicyDocuments
}

/** keyward's own bookkeeping tags beyond ownership (the minted key id, a pending mint). */
const OWNERSHIP = new Set([TAG_MANAGED, TAG_PROJECT, TAG_ENV, TAG_ID])

interface TagChanges {
  readonly set: Tags
  readonly remove: readonly string[]
}

/**
 * Tags to set and to remove so the resource carries exactly the desired ones — except keyward's
 * bookkeeping tags (`keyward:key-id`, `keyward:mint`), which the manifest does not declare.
 */
function tagChanges(desired: Tags, actual: Tags): TagChanges {
  const set = Object.fromEntries(Object.entries(desired).filter(([k, v]) => actual[k] !== v))
  const remove = Object.keys(actual).filter(
    (k) => !(k in desired) && (!k.startsWith(RESERVED_TAG_PREFIX) || OWNERSHIP.has(k)),
  )
  return { set, remove }
}

/** Tags as a plan shows them: without keyward's bookkeeping (a key id is not for display). */
function shownTags(tags: Tags): Tags {
  return Object.fromEntries(
    Object.entries(tags).filter(([k]) => !k.startsWith(RESERVED_TAG_PREFIX) || OWNERSHIP.has(k)),
  )
}

/** A key id as plans and events show it: its last four characters. */
export function keyHint(id: string): string {
  return `…${id.slice(-4)}`
}

/**
 * What kind of change an op is: a rename (in place, or by replacement) wins over everything, then
 * creation, adoption, and an update when any step remains.
 */
export function opKind(
  found: boolean,
  adopted: boolean,
  renamed: boolean,
  steps: readonly unknown[],
): OpKind {
  if (renamed) return 'rename'
  if (!found) return 'create'
  if (adopted) return 'adopt'
  return steps.length > 0 ? 'update' : 'no-op'
}

/** The steps and the diff that bring a resource's tags in line, through its own tag calls. */
export function retag(
  desired: Tags,
  actual: Tags,
  tag: (tags: Tags) => Step,
  untag: (keys: readonly string[]) => Step,
): { readonly steps: Step[]; readonly diffs: PropertyDiff[] } {
  const { set, remove } = tagChanges(desired, actual)
  const steps: Step[] = []
  if (Object.keys(set).length > 0) steps.push(tag(set))
  if (remove.length > 0) steps.push(untag(remove))
  const diffs: PropertyDiff[] =
    steps.length > 0 ? [{ property: 'tags', before: shownTags(actual), after: desired }] : []
  return { steps, diffs }
}
