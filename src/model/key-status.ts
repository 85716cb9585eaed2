/**
 * What `keyward status` reports, as data: every access key of the environment's users — and,
 * read at account scope, of the users keyward does not manage — with its age, last use and part
 * in a rotation. The audit rules (analyze/key-audit.ts), the terminal, JSON and HTML reports all
 * read this one shape. Key ids appear only as their last four characters.
 */
import type { RotationOutcome } from './rotation-events.ts'
import type { RotationState } from './rotation-record.ts'

export const STATUS_FORMAT = 'keyward.status/v1'

/**
 * A key's part, as the store and the rotation journal tell it: the key consumers read, the one a
 * rotation is retiring, one just made and not yet current, or a key keyward did not make.
 */
export type KeyRole = 'current' | 'previous' | 'pending' | 'unmanaged'

export interface KeyStatus {
  /** The access key id's last four characters, as `…WXYZ`. */
  readonly key: string
  readonly status: 'Active' | 'Inactive'
  readonly role: KeyRole
  /** ISO time; absent where IAM did not say. */
  readonly created?: string
  readonly ageDays?: number
  /** ISO time of the key's last signed request; null when it never signed one. */
  readonly lastUsed?: string | null
  /** Whole days since the last use, or since creation for a key never used. */
  readonly unusedDays?: number
}

/** Where an identity's rotation stands: the record's state and what the schedule says next. */
export interface RotationStatus {
  /** `none`: keyward holds no record for it (never minted, or minted before records existed). */
  readonly state: RotationState | 'none'
  /** ISO time the key now current became current, from the record. */
  readonly rotated?: string
  /** Days between rotations; absent when the key rotates only on demand. */
  readonly everyDays?: number
  /** The rotation driver's dry run: idle until `next`, due now, or refused. */
  readonly outcome: RotationOutcome
}

/** A difference between the manifest and the account that the next `apply` would change. */
export interface Drift {
  readonly op: string
  readonly kind: string
  readonly name: string
  /** The properties that differ, for an update. */
  readonly properties: readonly string[]
}

export interface IdentityStatus {
  readonly id: string
  readonly user: string
  /** The store the manifest names for the key; absent for a user without `key`. */
  readonly store?: { readonly type: 'secretsmanager' | 'ssm'; readonly name: string }
  /** False when the user is not in the account (not applied yet). */
  readonly exists: boolean
  readonly keys: readonly KeyStatus[]
  readonly rotation?: RotationStatus
  readonly drift: readonly Drift[]
}

/** A user of the account this environment does not declare (read only at account scope). */
export interface UnmanagedUser {
  readonly user: string
  readonly arn: string
  /** The keyward project whose tag the user carries, when another project manages it. */
  readonly project?: string
  readonly keys: readonly KeyStatus[]
}

const DAY_MS = 86_400_000

/** Whole days from `from` to `to`, never below zero (clocks of two machines disagree a little). */
export function daysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS))
}
