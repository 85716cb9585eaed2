/**
 * The rotation state machine as a pure function: from what the account shows (the record, the
 * store's stages, the user's keys, the old key's last use) to the one next step. The driver
 * (rotate.ts) performs it and asks again, so a run — or a run killed and started over — walks
 *
 *   current ─due─▶ pending ─create, verify, write as AWSCURRENT─▶ draining
 *     ▲                                                                │ drained
 *     └──────────── delete old ◀── inactive ◀── deactivate old ◀──────┘
 *
 * one step at a time, each preceded or followed by its record (rotation-record.ts). Every case is
 * in rotation-decide.test.ts. Invariants, enforced here and nowhere else:
 * - a key is created only when the user has exactly one key, the current one;
 * - only keys this rotation created after its record, or the recorded old key, are deactivated
 *   or deleted; anything else stops the rotation with an explanation (unless adopted);
 * - a key is written to the store only after it is verified; the current key is never
 *   deactivated.
 *
 * The new key is verified in memory and written once, straight to AWSCURRENT: that write is the
 * promotion. A write as AWSPENDING first (as AWS's rotation functions do) would cost a call per
 * identity and be read by nothing — a key a run did not see verified is deleted and replaced, never
 * read back, so a run stopped before the write leaves an orphan the next run deletes either way.
 */
import type { RotationPolicy } from '../model/resolved.ts'
import { keyHint as hint } from '../plan/context.ts'
import type { AccessKeyInfo, StoreView } from '../model/ports.ts'
import type { RotationRecord, RotationState } from '../model/rotation-record.ts'

export interface RotationFacts {
  readonly record: RotationRecord | undefined
  readonly view: StoreView
  /** The user's keys; undefined until read (reads are made only when a step needs them). */
  readonly keys?: readonly AccessKeyInfo[]
  /** The old key's last use while draining; undefined until read, null when never used. */
  readonly oldLastUsed?: Date | null
  /** This run wrote the record: a pending one is its own, not another run's. */
  readonly ours?: boolean
}

export type RotationMode =
  /** Only the steps that are due. */
  | 'due'
  /** Start a rotation now even if the key is not old yet; later steps still wait their time. */
  | 'now'
  /** Undo the last promotion while the old key still exists (or abandon a pending rotation). */
  | 'rollback'

export interface RotationSettings {
  readonly policy: RotationPolicy
  readonly now: Date
  readonly mode: RotationMode
  /** Take over a second key keyward did not make: it is drained and retired like an old key. */
  readonly adopt: boolean
  /** The longest refresh interval of the identity's consumers, when it declares any. */
  readonly refreshSeconds?: number
  /**
   * How long a pending rotation another run recorded may still be that run's work in progress:
   * longer than any run takes to create, verify and store a key.
   */
  readonly inProgressSeconds: number
}

/** Every step that changes something is a {@link RotationChange}. */
export type RotationStep =
  | { readonly kind: 'read-keys' }
  | { readonly kind: 'read-last-used'; readonly key: string }
  /** Nothing is due; `next` is when something will be. */
  | {
      readonly kind: 'idle'
      readonly state: RotationState
      readonly next?: Date
      readonly why: string
    }
  | { readonly kind: 'refuse'; readonly reason: string; readonly hint: string }
  /** Write the record; when `record.cur` changed, the key id recorded on user and store too. */
  | { readonly kind: 'record'; readonly record: RotationRecord }
  | { readonly kind: 'delete-orphan'; readonly key: string }
  /** CreateAccessKey, verify the key with STS, write it to the store as the current key. */
  | { readonly kind: 'create' }
  /** The store holds `key` without saying so (SSM, after a crash): label and tag it. */
  | { readonly kind: 'mark-stored'; readonly key: string }
  | { readonly kind: 'deactivate'; readonly key: string; readonly then: RotationRecord }
  | { readonly kind: 'delete-old'; readonly key: string; readonly then: RotationRecord }
  /** Reactivate `key` if it is inactive, make it current again, then write `then`. */
  | {
      readonly kind: 'rollback'
      readonly key: string
      readonly replaces: string
      readonly reactivate: boolean
      readonly then: RotationRecord
    }

/**
 * AWS reports a key's last use with some delay (hours, by its documentation of last-accessed
 * data); an old key counts as unused only once its silence is older than that.
 */
export const LAST_USED_LAG_SECONDS = 4 * 3600

const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000)

export function decideRotation(facts: RotationFacts, settings: RotationSettings): RotationStep {
  const record = facts.record
  switch (record?.state) {
    case undefined:
    case 'current':
      return settled(facts, settings)
    case 'pending':
      return pending(record, facts, settings)
    case 'draining':
      return draining(record, facts, settings)
    case 'inactive':
      return inactive(record, facts, settings)
  }
}

function settled(facts: RotationFacts, settings: RotationSettings): RotationStep {
  const { record, view } = facts
  const { now, policy, mode } = settings
  const cur = view.current ?? record?.cur
  if (cur === undefined)
    return { kind: 'idle', state: 'current', why: 'no key yet: apply mints the first one' }
  if (mode === 'rollback') {
    return {
      kind: 'refuse',
      reason: 'There is no rotation to roll back: the previous key is already deleted.',
      hint: 'Rollback is possible while the old key drains or is inactive.',
    }
  }
  let rotated = record?.cur === cur ? record.rotated : undefined
  if (rotated === undefined) {
    // Minted by apply, never rotated: the key's age is its creation date.
    if (facts.keys === undefined) return { kind: 'read-keys' }
    rotated = facts.keys.find((k) => k.id === cur)?.created ?? now
  }
  const due = policy.everySeconds === null ? undefined : at(rotated, policy.everySeconds)
  if (mode !== 'now' && (due === undefined || now < due)) {
    return {
      kind: 'idle',
      state: 'current',
      ...(due === undefined ? {} : { next: due }),
      why: due === undefined ? 'rotated only when asked (every: never)' : 'not due yet',
    }
  }
  if (facts.keys === undefined) return { kind: 'read-keys' }
  const mine = facts.keys.find((k) => k.id === cur)
  if (mine === undefined || mine.status !== 'Active') {
    return {
      kind: 'refuse',
      reason: `The store's key ${hint(cur)} is ${mine === undefined ? 'no longer on the user' : 'inactive'}.`,
      hint: 'Run apply: it mints a working key into the store.',
    }
  }
  const others = facts.keys.filter((k) => k.id !== cur)
  const other = others[0]
  if (other !== undefined) {
    if (!settings.adopt) {
      return {
        kind: 'refuse',
        reason: `The user has a second access key, ${hint(other.id)}, that keyward did not make; IAM allows two keys, so a rotation has no room, and keyward never touches a key it did not make.`,
        hint: 'Delete that key if nothing uses it (aws iam delete-access-key), or run rotate with --adopt to let keyward drain, deactivate and delete it like an old key.',
      }
    }
    return {
      kind: 'record',
      record: { state: 'draining', since: now, rotated, cur, old: other.id },
    }
  }
  return { kind: 'record', record: { state: 'pending', since: now, rotated, cur } }
}

function pending(
  record: RotationRecord,
  facts: RotationFacts,
  settings: RotationSettings,
): RotationStep {
  const { view } = facts
  const { now, mode } = settings
  const until = at(record.since, settings.inProgressSeconds)
  if (facts.ours !== true && now < until) {
    // Another run may be between its CreateAccessKey and its store write: a key that looks
    // orphaned is its key, and a new one would be a third. It finishes, or this waits it out.
    return {
      kind: 'idle',
      state: 'pending',
      next: until,
      why: 'another run started this rotation and may still be at it',
    }
  }
  if (view.unrecorded !== undefined) {
    // SSM, cut short between the write and its label or tag: the value is this rotation's key,
    // the one it created after its record — a key to keep, not an orphan to delete.
    if (facts.keys === undefined) return { kind: 'read-keys' }
    const key = view.unrecorded.key ?? facts.keys.find((k) => k.id !== record.cur)?.id
    if (key !== undefined && key !== record.cur && facts.keys.some((k) => k.id === key))
      return { kind: 'mark-stored', key }
  }
  const promoted = view.current
  if (promoted !== undefined && promoted !== record.cur) {
    // Written (and so verified) before the record of it: the stages say which key won.
    return {
      kind: 'record',
      record: { state: 'draining', since: now, rotated: now, cur: promoted, old: record.cur },
    }
  }
  if (facts.keys === undefined) return { kind: 'read-keys' }
  // Every other key was created after the record, by this rotation (a second key present
  // before it stops the rotation from starting), and never stored: nobody holds its secret.
  const orphan = facts.keys.find((k) => k.id !== record.cur)
  if (orphan !== undefined) return { kind: 'delete-orphan', key: orphan.id }
  if (mode === 'rollback') {
    return {
      kind: 'record',
      record: { state: 'current', since: now, rotated: record.rotated, cur: record.cur },
    }
  }
  return { kind: 'create' }
}

function draining(
  record: RotationRecord,
  facts: RotationFacts,
  settings: RotationSettings,
): RotationStep {
  const old = record.old ?? ''
  const { now, policy } = settings
  if (settings.mode === 'rollback') return rollback(record, facts, settings, false)
  const deactivate: RotationStep = {
    kind: 'deactivate',
    key: old,
    then: { ...record, state: 'inactive', since: now },
  }
  const drained = at(record.since, policy.drainSeconds)
  if (now >= drained) return deactivate
  const refresh = settings.refreshSeconds
  if (refresh !== undefined) {
    // Every consumer has re-read the store by `switched`; a use of the old key after that means
    // something still holds it. Silence is trusted only once AWS would have reported a use.
    const switched = at(record.since, refresh)
    const trusted = at(switched, LAST_USED_LAG_SECONDS)
    if (now >= trusted) {
      if (facts.oldLastUsed === undefined) return { kind: 'read-last-used', key: old }
      if (facts.oldLastUsed === null || facts.oldLastUsed < switched) return deactivate
    }
    if (trusted < drained && now < trusted)
      return { kind: 'idle', state: 'draining', next: trusted, why: 'consumers still switching' }
  }
  return { kind: 'idle', state: 'draining', next: drained, why: 'the old key is draining' }
}

function inactive(
  record: RotationRecord,
  facts: RotationFacts,
  settings: RotationSettings,
): RotationStep {
  const { now, policy } = settings
  if (settings.mode === 'rollback') return rollback(record, facts, settings, true)
  const ends = at(record.since, policy.deactivateForSeconds)
  if (now < ends)
    return { kind: 'idle', state: 'inactive', next: ends, why: 'the old key can still be restored' }
  return {
    kind: 'delete-old',
    key: record.old ?? '',
    then: { state: 'current', since: now, rotated: record.rotated, cur: record.cur },
  }
}

function rollback(
  record: RotationRecord,
  facts: RotationFacts,
  settings: RotationSettings,
  reactivate: boolean,
): RotationStep {
  const old = record.old ?? ''
  if (facts.keys === undefined) return { kind: 'read-keys' }
  const key = facts.keys.find((k) => k.id === old)
  if (key === undefined) {
    return {
      kind: 'refuse',
      reason: `The previous key ${hint(old)} no longer exists; there is nothing to roll back to.`,
      hint: 'Run rotate --now to replace the current key instead.',
    }
  }
  const now = settings.now
  // The restored key is as old as it is; the one it replaces drains like any old key.
  return {
    kind: 'rollback',
    key: old,
    replaces: record.cur,
    reactivate: reactivate || key.status === 'Inactive',
    then: { state: 'draining', since: now, rotated: key.created ?? now, cur: old, old: record.cur },
  }
}
