/**
 * What a mint must do, decided from what the account shows: the user's keys, the key keyward
 * recorded on the user, and the intent a previous mint left on the store if it was cut short.
 * Pure, so every crash point has a case in decide.test.ts.
 */
import type { AccessKeyInfo } from '../model/ports.ts'
import type { MintIntent } from './intent.ts'

export type MintDecision =
  /** A previous run stored and recorded its key before it stopped: only the cleanup is left. */
  | { readonly kind: 'finish'; readonly keyId: string; readonly remove: readonly string[] }
  | {
      readonly kind: 'mint'
      /** Keys created by a mint cut short before it stored them: nobody holds their secret. */
      readonly orphans: readonly string[]
      /** The keys left once orphans are gone: the intent records them. */
      readonly prior: readonly string[]
      /** The recorded key the new one replaces, deleted once the new one is stored. */
      readonly retire?: string
    }
  /** IAM allows two keys per user, and neither can be deleted safely. */
  | { readonly kind: 'refuse'; readonly keys: readonly string[] }

export const MAX_KEYS_PER_USER = 2

export function decideMint(
  keys: readonly AccessKeyInfo[],
  recorded: string | undefined,
  intent: MintIntent | undefined,
): MintDecision {
  const ids = keys.map((k) => k.id)
  const has = (id: string | undefined): id is string => id !== undefined && ids.includes(id)
  if (intent !== undefined && has(recorded) && !intent.prior.includes(recorded)) {
    // The recorded key is newer than the intent: that run got as far as recording it.
    const remove = ids.filter(
      (id) => id !== recorded && (!intent.prior.includes(id) || id === intent.retire),
    )
    return { kind: 'finish', keyId: recorded, remove }
  }
  const orphans =
    intent === undefined ? [] : ids.filter((id) => !intent.prior.includes(id) && id !== recorded)
  const prior = ids.filter((id) => !orphans.includes(id))
  if (prior.length >= MAX_KEYS_PER_USER) return { kind: 'refuse', keys: prior }
  const retire = has(recorded) ? recorded : undefined
  return { kind: 'mint', orphans, prior, ...(retire === undefined ? {} : { retire }) }
}
