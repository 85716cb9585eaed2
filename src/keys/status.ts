/**
 * Reading `status`: for each user of the environment, its keys with their age and last use, what
 * part each plays (from the store and the rotation journal), and — for a user with a key — where
 * its rotation stands and what is next: the rotation driver's own dry run, so status and
 * `rotate --due` can never disagree about what is due.
 */
import {
  daysBetween,
  type KeyRole,
  type KeyStatus,
  type RotationStatus,
} from '../model/key-status.ts'
import type { AccessKeyInfo, RotationPort, StoreView } from '../model/ports.ts'
import type { RotationRecord } from '../model/rotation-record.ts'
import { keyHint } from '../plan/context.ts'
import type { RecordBook } from './record-book.ts'
import { advanceRotation, type RotationTarget } from './rotate.ts'

const DAY_SECONDS = 86_400

/** The keys of a user with a key: their parts, and the rotation's state and next step. */
export async function readKeyedStatus(
  port: RotationPort,
  book: RecordBook,
  target: RotationTarget,
  now: Date,
): Promise<{ readonly keys: readonly KeyStatus[]; readonly rotation: RotationStatus }> {
  const outcome = await advanceRotation(port, book, target, {
    now,
    mode: 'due',
    adopt: false,
    verifyWithinMs: 0,
    sleep: () => Promise.resolve(),
    dryRun: true,
  })
  const [view, keys] = await Promise.all([port.viewStore(target.store), port.listKeys(target.user)])
  const record = book.get(target.id)
  const every = target.policy.everySeconds
  return {
    keys: await describeKeys(port, keys, now, {
      roleOf: (id) => roleOf(id, view, record),
      // keyward's clock may be moved (--clock): a key it rotated in is aged from its own record.
      createdOf: (key) => (record?.cur === key.id ? record.rotated : key.created),
    }),
    rotation: {
      state: record?.state ?? 'none',
      ...(record === undefined ? {} : { rotated: record.rotated.toISOString() }),
      ...(every === null ? {} : { everyDays: Math.round(every / DAY_SECONDS) }),
      outcome,
    },
  }
}

/** The keys of a user keyward reads but mints nothing for: every one of them is unmanaged. */
export async function readUserKeys(
  port: RotationPort,
  user: string,
  now: Date,
): Promise<readonly KeyStatus[]> {
  return describeKeys(port, await port.listKeys(user), now, {
    roleOf: () => 'unmanaged',
    createdOf: (key) => key.created,
  })
}

function roleOf(id: string, view: StoreView, record: RotationRecord | undefined): KeyRole {
  if (id === view.current) return 'current'
  if (id === view.previous || id === record?.old) return 'previous'
  if (record?.state === 'pending' && id !== record.cur) return 'pending'
  // A store written before the journal existed still names its key through the record.
  if (record?.cur === id) return 'current'
  return 'unmanaged'
}

async function describeKeys(
  port: RotationPort,
  keys: readonly AccessKeyInfo[],
  now: Date,
  how: {
    readonly roleOf: (id: string) => KeyRole
    readonly createdOf: (key: AccessKeyInfo) => Date | undefined
  },
): Promise<KeyStatus[]> {
  return Promise.all(
    keys.map(async (k) => {
      const created = how.createdOf(k)
      const lastUsed = await port.keyLastUsed(k.id)
      // A use before the key's own creation is another clock's (a moved --clock): not a use.
      const used = lastUsed !== null && (created === undefined || lastUsed >= created)
      const since = used ? lastUsed : created
      return {
        key: keyHint(k.id),
        status: k.status,
        role: how.roleOf(k.id),
        ...(created === undefined
          ? {}
          : { created: created.toISOString(), ageDays: daysBetween(created, now) }),
        lastUsed: used ? lastUsed.toISOString() : null,
        ...(since === undefined ? {} : { unusedDays: daysBetween(since, now) }),
      }
    }),
  )
}
