/**
 * Tags as AWS lists them (`[{ Key, Value }]`) and as keyward holds them (a record), both ways;
 * and the one answer to "create it unless it is there", which every create of ours needs.
 */
import type { Tags } from '../model/account-state.ts'
import { TAG_ENV, TAG_ID, TAG_PROJECT } from '../model/tags.ts'
import { AwsError } from './errors.ts'

export type TagList = readonly { Key?: string | undefined; Value?: string | undefined }[]

export function tagsOf(list: TagList | undefined): Record<string, string> {
  return Object.fromEntries(
    (list ?? []).flatMap((t) => (t.Key === undefined ? [] : [[t.Key, t.Value ?? '']])),
  )
}

/** The resource found under a name we just tried to create is ours when it carries our tags. */
export function sameOwner(found: TagList | undefined, tags: Tags): boolean {
  const have = tagsOf(found)
  return [TAG_PROJECT, TAG_ENV, TAG_ID].every((k) => have[k] === tags[k])
}

export function tagList(tags: Tags): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
}

/**
 * True when the create went through; false when the resource already existed — a retry whose
 * first answer was lost, or a resource the caller must now check is its own.
 */
export async function created(create: Promise<unknown>): Promise<boolean> {
  try {
    await create
    return true
  } catch (error) {
    if (error instanceof AwsError && error.kind === 'exists') return false
    throw error
  }
}
