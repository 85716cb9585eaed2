/**
 * The rotation record of one identity, kept in the environment's journal (rotation-journal.ts):
 * written before each side effect it announces and after each one that cannot be seen from the
 * store itself (a key deactivated or deleted in IAM). With the store's version stages it is the
 * whole state of a rotation — there is no state file, and a run killed at any instant leaves a
 * record the next run can finish from.
 *
 * A record is one line, `STATE since=ISO rotated=ISO cur=KEY [old=KEY]`, in the characters a tag
 * value allows, so it reads the same wherever it is shown.
 */

/**
 * - `pending`: a new key is about to be created, or was created and is being verified. Any key on
 *   the user other than `cur` was created after this record, and is this rotation's to delete.
 * - `draining`: the new key is current; `old` still works while consumers pick the new one up.
 * - `inactive`: `old` is deactivated; reactivating it (rollback) is possible until it is deleted.
 * - `current`: one key, `cur`, nothing in flight.
 */
export type RotationState = 'pending' | 'draining' | 'inactive' | 'current'

export interface RotationRecord {
  readonly state: RotationState
  /** When this state began. */
  readonly since: Date
  /** When `cur` became the store's current key: its age for the rotation schedule. */
  readonly rotated: Date
  readonly cur: string
  /** The key being retired (draining, inactive). */
  readonly old?: string
}

const KEY_ID = '[A-Z0-9]{16,128}'
const TIME = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{3})?Z'
const PATTERN = new RegExp(
  `^(pending|draining|inactive|current) since=(${TIME}) rotated=(${TIME}) cur=(${KEY_ID})(?: old=(${KEY_ID}))?$`,
)

export function encodeRecord(record: RotationRecord): string {
  const old = record.old === undefined ? '' : ` old=${record.old}`
  return `${record.state} since=${iso(record.since)} rotated=${iso(record.rotated)} cur=${record.cur}${old}`
}

/** The record a tag holds, or undefined when it holds none (absent, edited, another version). */
export function decodeRecord(value: string | undefined): RotationRecord | undefined {
  if (value === undefined) return undefined
  const m = PATTERN.exec(value)
  if (m === null) return undefined
  const [, state, since, rotated, cur, old] = m
  if (state === undefined || since === undefined || rotated === undefined || cur === undefined)
    return undefined
  const needsOld = state === 'draining' || state === 'inactive'
  if (needsOld !== (old !== undefined)) return undefined
  return {
    state: state as RotationState,
    since: new Date(since),
    rotated: new Date(rotated),
    cur,
    ...(old === undefined ? {} : { old }),
  }
}

/** Seconds are enough for schedules measured in days, and keep the tag short. */
function iso(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`
}
