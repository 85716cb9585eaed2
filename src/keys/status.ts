/**
 * A first `status`: for each identity with a key, where its rotation stands and what is next —
 * the rotation driver's dry run — with the user's keys and their ages.
 */
import type { RotationPort } from '../model/ports.ts'
import { keyHint } from '../plan/context.ts'
import type { RotationOutcome } from '../model/rotation-events.ts'
import type { RecordBook } from './record-book.ts'
import { advanceRotation, type RotationTarget } from './rotate.ts'

export interface KeyStatus {
  /** Last four characters. */
  readonly key: string
  readonly status: 'Active' | 'Inactive'
  readonly ageDays?: number
  /** What the store says this key is. */
  readonly role: 'current' | 'previous' | 'pending' | 'unmanaged'
}

export interface IdentityStatus {
  readonly id: string
  readonly user: string
  readonly store: string
  readonly keys: readonly KeyStatus[]
  readonly rotation: RotationOutcome
}

const DAY_MS = 86_400_000

export async function readStatus(
  port: RotationPort,
  book: RecordBook,
  target: RotationTarget,
  now: Date,
): Promise<IdentityStatus> {
  const rotation = await advanceRotation(port, book, target, {
    now,
    mode: 'due',
    adopt: false,
    verifyWithinMs: 0,
    sleep: () => Promise.resolve(),
    dryRun: true,
  })
  const [view, keys] = await Promise.all([port.viewStore(target.store), port.listKeys(target.user)])
  const record = book.get(target.id)
  // keyward's clock may be moved (--clock); a key it rotated is aged from its own record.
  const createdOf = (id: string, created: Date | undefined) =>
    record?.cur === id ? record.rotated : created
  const roleOf = (id: string): KeyStatus['role'] =>
    id === view.current
      ? 'current'
      : id === view.previous || id === record?.old
        ? 'previous'
        : record?.state === 'pending' && id !== record.cur
          ? 'pending'
          : 'unmanaged'
  return {
    id: target.id,
    user: target.user,
    store: target.store.name,
    keys: keys.map((k) => {
      const created = createdOf(k.id, k.created)
      return {
        key: keyHint(k.id),
        status: k.status,
        role: roleOf(k.id),
        ...(created === undefined
          ? {}
          : { ageDays: Math.max(0, Math.floor((now.getTime() - created.getTime()) / DAY_MS)) }),
      }
    }),
    rotation,
  }
}
