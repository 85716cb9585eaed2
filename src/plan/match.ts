/**
 * Which existing resource a declared one is. Ours are found by their ownership tags, whatever
 * their current name (so a changed name is a rename). Otherwise a resource with the declared
 * name that keyward did not create is taken over only with `adopt: true`; without it, or when it
 * belongs to another project or environment, it is a conflict to resolve by hand.
 */
import type { Tags } from '../model/account-state.ts'
import { ownedId, TAG_MANAGED, type Owner } from '../model/tags.ts'

export type Match<T> =
  | { readonly kind: 'owned'; readonly actual: T }
  | { readonly kind: 'adopt'; readonly actual: T }
  | { readonly kind: 'conflict'; readonly actual: T; readonly reason: string }
  | { readonly kind: 'absent' }

/** IAM names are unique without regard to case. */
export function sameIamName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}

export function matchTagged<T extends { readonly name: string; readonly tags: Tags }>(
  list: readonly T[],
  owner: Owner,
  id: string,
  name: string,
  adopt: boolean,
  same: (a: string, b: string) => boolean = sameIamName,
): Match<T> {
  const owned = list.find((x) => ownedId(x.tags, owner) === id)
  if (owned !== undefined) return { kind: 'owned', actual: owned }
  const named = list.find((x) => same(x.name, name))
  if (named === undefined) return { kind: 'absent' }
  const claimedBy = ownedId(named.tags, owner)
  if (claimedBy !== undefined) {
    return {
      kind: 'conflict',
      actual: named,
      reason: `it belongs to \`${claimedBy}\` in this manifest`,
    }
  }
  if (named.tags[TAG_MANAGED] === 'true') {
    return {
      kind: 'conflict',
      actual: named,
      reason: 'it is managed by keyward for another project or environment',
    }
  }
  return adopt
    ? { kind: 'adopt', actual: named }
    : { kind: 'conflict', actual: named, reason: 'keyward did not create it' }
}

/**
 * For resources keyward records in its registry instead of tags (groups, managed policies). The
 * registry may tie several resources to one id mid-change; the preferred one (the declared name)
 * wins, and the others come back as `leftovers` for the plan to delete. With none recorded, one
 * of the declared name is adopted or a conflict.
 */
export function matchRegistered<T extends { readonly name: string }>(
  list: readonly T[],
  registeredTo: (x: T) => string | undefined,
  id: string,
  preferred: (x: T) => boolean,
  adopt: boolean,
): { readonly match: Match<T>; readonly leftovers: readonly T[] } {
  const ours = list.filter((x) => registeredTo(x) === id)
  const owned = ours.find(preferred) ?? ours[0]
  if (owned !== undefined) {
    return { match: { kind: 'owned', actual: owned }, leftovers: ours.filter((x) => x !== owned) }
  }
  const named = list.find(preferred)
  if (named === undefined) return { match: { kind: 'absent' }, leftovers: [] }
  const claimedBy = registeredTo(named)
  if (claimedBy !== undefined) {
    const reason = `it belongs to \`${claimedBy}\` in this manifest`
    return { match: { kind: 'conflict', actual: named, reason }, leftovers: [] }
  }
  return {
    match: adopt
      ? { kind: 'adopt', actual: named }
      : { kind: 'conflict', actual: named, reason: 'keyward did not create it' },
    leftovers: [],
  }
}
