/**
 * The rotation journal: every identity's rotation record (rotation-record.ts) for one project and
 * environment, kept in one Secrets Manager secret. One record per store would cost a tag write
 * per step per identity — four calls a rotation, more than the rotation's own work allows — while
 * one journal is read once per run and written once per phase for every identity in it. Writes
 * are compare-and-swap (aws/rotation-journal.ts), so two runs cannot both advance a rotation: the
 * journal is also the rotation's lock.
 *
 * Secrets Manager, not a tag or SSM, because GetSecretValue reads what the last write wrote and
 * UpdateSecretVersionStage moves AWSCURRENT only from the version named, which is the
 * compare-and-swap. https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecretVersionStage.html
 */
import { parseObject } from './json-object.ts'
import { decodeRecord, encodeRecord, type RotationRecord } from './rotation-record.ts'
import type { Owner } from './tags.ts'

export type JournalRecords = ReadonlyMap<string, RotationRecord>

/** What a run read: the records, and the version its next write must replace (none yet: absent). */
export interface JournalSnapshot {
  readonly records: JournalRecords
  readonly version?: string
}

/** The name of the secret; one per project and environment, next to the environment's stores. */
export function journalName(owner: Owner): string {
  return `keyward/journal/${owner.project}/${owner.environment}`
}

/** On the journal secret: whose journal it is. Not the ownership tags, so no plan ever sees it. */
export const TAG_JOURNAL = 'keyward:journal'

const FORMAT = 'keyward-rotation-journal/1'

export function encodeJournal(records: JournalRecords): string {
  const entries: Record<string, string> = {}
  for (const id of [...records.keys()].sort()) {
    const record = records.get(id)
    if (record !== undefined) entries[id] = encodeRecord(record)
  }
  return JSON.stringify({ format: FORMAT, records: entries })
}

/**
 * The records a journal holds; undefined when the text is not a journal this version writes (a
 * hand edit, a later format), which the caller must treat as an error, never as empty: an empty
 * journal would forget rotations in flight.
 */
export function decodeJournal(text: string): JournalRecords | undefined {
  const parsed = parseObject(text)
  if (parsed === undefined) return undefined
  const { format, records } = parsed
  if (format !== FORMAT || typeof records !== 'object' || records === null) return undefined
  const out = new Map<string, RotationRecord>()
  for (const [id, value] of Object.entries(records)) {
    const record = typeof value === 'string' ? decodeRecord(value) : undefined
    if (record === undefined) return undefined
    out.set(id, record)
  }
  return out
}
