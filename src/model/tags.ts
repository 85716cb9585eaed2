/**
 * keyward keeps no state file: ownership lives on the resources themselves, as tags. A resource
 * carrying these is keyward's to change; anything else needs an explicit adopt.
 */
export const TAG_MANAGED = 'keyward:managed'
export const TAG_PROJECT = 'keyward:project'
/** The environment: dev and prod may share an account, and must never take each other's. */
export const TAG_ENV = 'keyward:env'
/** The logical id: stable across renames, so a changed name is a move, not a new resource. */
export const TAG_ID = 'keyward:id'

export const RESERVED_TAG_PREFIX = 'keyward:'

/** On a store: the time a mint began, set just before CreateAccessKey (src/keys/mint.ts). */
export const TAG_MINT = 'keyward:mint'
/** On a user and its store: the access key id keyward minted (never the secret). */
export const TAG_KEY_ID = 'keyward:key-id'
/** On a store: a digest of the format it was written in, so a changed format is seen unread. */
export const TAG_FORMAT = 'keyward:format'
/**
 * On a secret: a digest of the resource policy keyward set, so a plan need not read it back, and a
 * manifest without readers knows the policy is keyward's to remove.
 */
export const TAG_POLICY = 'keyward:policy'

export interface Owner {
  readonly project: string
  readonly environment: string
}

export function ownershipTags(owner: Owner, id: string): Record<string, string> {
  return {
    [TAG_MANAGED]: 'true',
    [TAG_PROJECT]: owner.project,
    [TAG_ENV]: owner.environment,
    [TAG_ID]: id,
  }
}

export const OWNERSHIP_TAG_COUNT = 4

/** The logical id a set of tags claims for this owner, or undefined when not ours. */
export function ownedId(tags: Readonly<Record<string, string>>, owner: Owner): string | undefined {
  if (
    tags[TAG_MANAGED] !== 'true' ||
    tags[TAG_PROJECT] !== owner.project ||
    tags[TAG_ENV] !== owner.environment
  ) {
    return undefined
  }
  return tags[TAG_ID]
}
