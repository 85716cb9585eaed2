/**
 * What the key protocols (src/keys/) need from AWS, as an interface: src/aws/ implements it with
 * the SDK, and the protocols stay testable against any implementation — moto through the SDK in
 * the integration tests, a crash injected anywhere.
 */
import type { Tags } from './account-state.ts'
import type { ResolvedStore } from './resolved.ts'
import type { Sensitive } from './sensitive.ts'

export interface AccessKeyInfo {
  readonly id: string
  readonly status: 'Active' | 'Inactive'
}

/** A key as CreateAccessKey returns it; the secret never leaves memory except into its store. */
export interface MintedKey {
  readonly id: string
  readonly secret: Sensitive
}

export interface KeyPort {
  /**
   * The store's tags, creating the store first when it does not exist: a secret with no value
   * yet, or a parameter holding a placeholder (SSM cannot hold none). Created with `tags`.
   */
  openStore(store: ResolvedStore, tags: Tags): Promise<Tags>
  tagStore(store: ResolvedStore, tags: Tags): Promise<void>
  untagStore(store: ResolvedStore, keys: readonly string[]): Promise<void>
  /** Writes the new value; for a secret, a new version that becomes AWSCURRENT. */
  writeStore(store: ResolvedStore, value: Sensitive): Promise<void>
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
