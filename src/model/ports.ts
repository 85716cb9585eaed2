/**
 * What the key protocols (src/keys/) need from AWS, as an interface: src/aws/ implements it with
 * the SDK, and the protocols stay testable against any implementation — moto through the SDK in
 * the integration tests, a crash injected anywhere.
 */
import type { Tags } from './account-state.ts'
import type { Canary } from './canary.ts'
import type { ResolvedStore } from './resolved.ts'
import type { JournalRecords, JournalSnapshot } from './rotation-journal.ts'
import type { Sensitive } from './sensitive.ts'

export interface AccessKeyInfo {
  readonly id: string
  readonly status: 'Active' | 'Inactive'
  /** When IAM created the key; absent where the source does not say. */
  readonly created?: Date
}

/** A key as CreateAccessKey returns it; the secret never leaves memory except into its store. */
export interface MintedKey {
  readonly id: string
  readonly secret: Sensitive
}

/** A store as a mint finds it. */
export interface OpenedStore {
  readonly tags: Tags
  /**
   * The key consumers read now, where the store names it: a secret's AWSCURRENT version named
   * after its key, a parameter's key tag. A rotation records its keys here and in the journal,
   * not on the user.
   */
  readonly current?: string
}

export interface KeyPort {
  /**
   * The store's tags, creating the store first when it does not exist: a secret with no value
   * yet, or a parameter holding a placeholder (SSM cannot hold none). Created with `tags`.
   */
  openStore(store: ResolvedStore, tags: Tags): Promise<OpenedStore>
  tagStore(store: ResolvedStore, tags: Tags): Promise<void>
  untagStore(store: ResolvedStore, keys: readonly string[]): Promise<void>
  /**
   * Writes the new value for key `keyId`; for a secret, a new version that becomes AWSCURRENT,
   * whose version id names the key (so the stages say which key is current without a read).
   */
  writeStore(store: ResolvedStore, value: Sensitive, keyId: string): Promise<void>
  userTags(user: string): Promise<Tags>
  tagUser(user: string, tags: Tags): Promise<void>
  listKeys(user: string): Promise<readonly AccessKeyInfo[]>
  /**
   * `unknown` when the answer was lost (a dropped connection, a server error): a key may have
   * been made whose secret nobody has. CreateAccessKey is never repeated blindly.
   */
  createKey(user: string): Promise<MintedKey | 'unknown'>
  /** Deleting a key that is already gone is not an error. */
  deleteKey(user: string, id: string): Promise<void>
}

/**
 * Which keys a store holds, read without reading a secret: for Secrets Manager from its version
 * stages (each version written by keyward is named after its key), for SSM from its tags.
 */
export interface StoreView {
  readonly exists: boolean
  readonly tags: Tags
  /** The key consumers read now. */
  readonly current?: string
  /** The key current before the last promotion. */
  readonly previous?: string
  /** The Secrets Manager version labelled AWSCURRENT, whoever wrote it. */
  readonly currentVersion?: string
  /**
   * SSM, read after a crash: the latest version is not the one the tag names — a write whose
   * label or tag never came. `key` is its label, absent when it has none.
   */
  readonly unrecorded?: { readonly key?: string }
}

/** The answer to "does this new key work yet?": IAM takes seconds or more to accept a new key. */
export type KeyCheck =
  | { readonly kind: 'accepted'; readonly arn: string }
  | { readonly kind: 'rejected'; readonly code: string }

/** What rotation needs beyond minting: staged writes, a test of the key, and its retirement. */
export interface RotationPort extends KeyPort {
  /**
   * `afterCrash`: a rotation was cut short, and the store's own record of its key may lag its
   * value (SSM: a version written, not yet labelled or tagged); read what the value itself is.
   */
  viewStore(store: ResolvedStore, afterCrash?: boolean): Promise<StoreView>
  /** Makes the store's own record name `keyId` as the key it holds (SSM: label and tag). */
  markStored(store: ResolvedStore, keyId: string): Promise<void>
  /**
   * Makes `keyId` the current key; the one it replaces becomes the previous one. Repeatable.
   * `seen` is the store as this run read it, which spares a read when nothing moved since.
   */
  promote(store: ResolvedStore, keyId: string, seen?: StoreView): Promise<void>
  /** Calls sts:GetCallerIdentity signed by the key itself. */
  checkKey(key: MintedKey): Promise<KeyCheck>
  /** Makes the canary call signed by the key; `accepted` carries no ARN. */
  checkCanary(key: MintedKey, canary: Canary): Promise<KeyCheck>
  /** `gone` when the key no longer exists. */
  setKeyStatus(user: string, id: string, status: 'Active' | 'Inactive'): Promise<'done' | 'gone'>
  /** When the key last signed a request, null when never; AWS may report a use hours late. */
  keyLastUsed(id: string): Promise<Date | null>
}

/** Where rotation records live: one journal per environment (rotation-journal.ts). */
export interface JournalPort {
  readJournal(): Promise<JournalSnapshot>
  /**
   * Replaces the journal if its current version is still `expected` (undefined: there is none
   * yet) and returns the new version; a rotation-conflict error when another run wrote first.
   */
  writeJournal(expected: string | undefined, records: JournalRecords): Promise<string>
}
