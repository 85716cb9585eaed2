/**
 * keyward keeps no state file: ownership lives on the resources themselves, as tags. A resource
 * carrying these is keyward's to change; anything else needs an explicit adopt.
 */
export const TAG_MANAGED = 'keyward:managed'
export const TAG_PROJECT = 'keyward:project'
/** The logical id: stable across renames, so a changed name is a move, not a new resource. */
export const TAG_ID = 'keyward:id'

export const RESERVED_TAG_PREFIX = 'keyward:'

export function ownershipTags(project: string, id: string): Record<string, string> {
  return { [TAG_MANAGED]: 'true', [TAG_PROJECT]: project, [TAG_ID]: id }
}
