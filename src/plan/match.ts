/**
 * Which existing resource a declared one is. Ours are found by their ownership tags, whatever
 * their current name (so a changed name is a rename), unless something else already holds the
 * new name. Otherwise a resource with the declared name that keyward did not create is taken
 * over only with `adopt: true`; without it, or when it belongs to another project or
 * environment, it is a conflict to resolve by hand.
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
  const named = list.find((x) => x !== owned && same(x.name, name))
  if (named === undefined)
    return owned === undefined ? { kind: 'absent' } : { kind: 'owned', actual: owned }
  const claimed = claimedBy(named.tags, owner)
  // Ours under another name: moving it onto a name something else holds fails in IAM, and for a
  // store would write a key into someone else's secret.
  if (owned !== undefined || claimed !== undefined || !adopt) {
    return { kind: 'conflict', actual: named, reason: claimed ?? 'keyward did not create it' }
  }
  return { kind: 'adopt', actual: named }
}

/** Why tags keep a resource from being taken over, or undefined when keyward does not manage it. */
export function claimedBy(tags: Tags, owner: Owner): string | undefined {
  const other = ownedId(tags, owner)
  if (other !== undefined) return `it belongs to \`${other}\` in this manifest`
  if (tags[TAG_MANAGED] === 'true')
    return 'it is managed by keyward for another project or environment'
  return undefined
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
  const named = list.find((x) => preferred(x) && !ours.includes(x))
  if (named === undefined) {
    if (owned === undefined) return { match: { kind: 'absent' }, leftovers: [] }
    return { match: { kind: 'owned', actual: owned }, leftovers: ours.filter((x) => x !== owned) }
  }
  const claimedBy = registeredTo(named)
  // Ours under another name: a rename or replacement onto a name something else holds would
  // fail in IAM, or — for a policy — take that one over without `adopt`.
  if (owned !== undefined || claimedBy !== undefined || !adopt) {
    const reason =
      claimedBy === undefined
        ? 'keyward did not create it'
        : `it belongs to \`${claimedBy}\` in this manifest`
    return { match: { kind: 'conflict', actual: named, reason }, leftovers: [] }
  }
  return { match: { kind: 'adopt', actual: named }, leftovers: [] }
}
