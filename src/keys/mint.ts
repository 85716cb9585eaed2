/**
 * Minting a key straight into its store, so that no person, terminal, log or file sees the
 * secret. Each side effect is preceded by a record of it in the account:
 *
 * 1. the store exists and carries the intent (`keyward:mint`: the user's keys before);
 * 2. CreateAccessKey; the secret lives only in memory from here…
 * 3. …until the store is written with it, in the same step;
 * 4. the key id (never the secret) and the format's digest are recorded on the user;
 * 5. the key it replaces, if any, is deleted; the store records the key id; the intent goes.
 *
 * A run cut short anywhere leaves the intent behind. The next mint then deletes keys created
 * after it that were never stored — orphans whose secret nobody holds — or, when the key was
 * stored (the store names it) or recorded, only finishes the cleanup. See decide.ts for every
 * case.
 */
import { KeywardError } from '../errors.ts'
import type { KeyPort, MintedKey } from '../model/ports.ts'
import type { KeyFormat, ResolvedStore } from '../model/resolved.ts'
import { TAG_FORMAT, TAG_KEY_ID, TAG_MINT } from '../model/tags.ts'
import { keyHint } from '../plan/context.ts'
import { formatDigest } from '../plan/plan-stores.ts'
import { decideMint } from './decide.ts'
import { decodeIntent, encodeIntent } from './intent.ts'
import { renderStoreValue } from './render.ts'

export interface MintRequest {
  readonly user: string
  readonly store: ResolvedStore
  readonly format: KeyFormat
}

/** What a mint did, for progress output: key ids appear only as their last four characters. */
export type MintEvent =
  | { readonly kind: 'orphan-deleted'; readonly key: string }
  | { readonly kind: 'created'; readonly key: string }
  | { readonly kind: 'stored'; readonly key: string; readonly store: string }
  | { readonly kind: 'retired'; readonly key: string }
  | { readonly kind: 'resumed'; readonly key: string }

export interface MintResult {
  readonly keyId: string
  /** An earlier run had stored and recorded this key; this one only finished its cleanup. */
  readonly resumed: boolean
}

export async function mintKey(
  port: KeyPort,
  request: MintRequest,
  observe: (event: MintEvent) => void = () => {},
): Promise<MintResult> {
  const { user, store } = request
  const opened = await port.openStore(store, store.tags)
  const intent = decodeIntent(opened.tags[TAG_MINT])
  const tagged = (await port.userTags(user))[TAG_KEY_ID]
  const keys = await port.listKeys(user)
  // The key the store names, while the user has it, is the one keyward put there last: a rotation
  // records its keys in the journal and the store, not on the user, and a mint stopped between
  // its store write and the user's tag has stored a key whose secret only the store holds.
  const stored = keys.some((k) => k.id === opened.current) ? opened.current : undefined
  const recorded = stored ?? tagged
  const decision = decideMint(keys, recorded, intent)
  const digest = formatDigest(request.format)
  if (decision.kind === 'refuse') {
    throw new KeywardError(
      'mint-failed',
      `User ${user} already has two access keys (${decision.keys.map(keyHint).join(', ')}), the most IAM allows, and keyward can safely delete neither.`,
      {
        source: 'user',
        hint: 'Delete the key that is no longer used (aws iam delete-access-key), then run apply again.',
      },
    )
  }
  if (decision.kind === 'finish') {
    observe({ kind: 'resumed', key: keyHint(decision.keyId) })
    for (const id of decision.remove) {
      await port.deleteKey(user, id)
      observe({ kind: 'retired', key: keyHint(id) })
    }
    await settle(port, store, decision.keyId, digest)
    return { keyId: decision.keyId, resumed: true }
  }
  for (const id of decision.orphans) {
    await port.deleteKey(user, id)
    observe({ kind: 'orphan-deleted', key: keyHint(id) })
  }
  const retire = decision.retire
  await port.tagStore(store, {
    [TAG_MINT]: encodeIntent({
      prior: decision.prior,
      ...(retire === undefined ? {} : { retire }),
    }),
  })
  const key = await createKey(port, user, decision.prior, observe)
  observe({ kind: 'created', key: keyHint(key.id) })
  try {
    await port.writeStore(store, renderStoreValue(request.format, key), key.id)
  } catch (error) {
    // Nobody can use a key whose secret was not stored. If this delete fails too, the intent
    // left on the store lets the next run find the key and delete it.
    const deleted = await port.deleteKey(user, key.id).then(
      () => true,
      () => false,
    )
    throw new KeywardError(
      'mint-failed',
      `The new key for ${user} could not be written to ${store.name}; ${deleted ? 'it was deleted again' : 'the next apply deletes it'}.`,
      { source: 'aws', cause: error, hint: 'Nothing else changed; run apply again.' },
    )
  }
  observe({ kind: 'stored', key: keyHint(key.id), store: store.name })
  await port.tagUser(user, { [TAG_KEY_ID]: key.id, [TAG_FORMAT]: digest })
  if (retire !== undefined) {
    await port.deleteKey(user, retire)
    observe({ kind: 'retired', key: keyHint(retire) })
  }
  await settle(port, store, key.id, digest)
  return { keyId: key.id, resumed: false }
}

/** Tries this often when CreateAccessKey's answer is lost. */
const CREATE_ATTEMPTS = 3

/**
 * CreateAccessKey is not idempotent: a lost answer may hide a new key whose secret nobody has.
 * Such a key is not among the keys that existed before, so it is found and deleted before the
 * next try — otherwise it would sit on the user, unrecorded, using one of IAM's two slots.
 */
export async function createKey(
  port: KeyPort,
  user: string,
  prior: readonly string[],
  observe: (event: MintEvent) => void,
  command = 'apply',
): Promise<MintedKey> {
  for (let attempt = 1; ; attempt++) {
    const created = await port.createKey(user)
    if (created !== 'unknown') return created
    for (const k of await port.listKeys(user)) {
      if (prior.includes(k.id)) continue
      await port.deleteKey(user, k.id)
      observe({ kind: 'orphan-deleted', key: keyHint(k.id) })
    }
    if (attempt >= CREATE_ATTEMPTS) {
      throw new KeywardError(
        'mint-failed',
        `CreateAccessKey for ${user} kept failing without an answer; no key was kept.`,
        { source: 'aws', hint: `Nothing else changed; run ${command} again.` },
      )
    }
  }
}

/** The store records which key it holds; removing the intent is the mint's last act. */
async function settle(
  port: KeyPort,
  store: ResolvedStore,
  keyId: string,
  digest: string,
): Promise<void> {
  await port.tagStore(store, { [TAG_KEY_ID]: keyId, [TAG_FORMAT]: digest })
  await port.untagStore(store, [TAG_MINT])
}
