/**
 * What `keyward status` found, as data: the terminal, JSON and HTML reports all render one
 * {@link StatusResult}. The JSON form is this structure as it is, under {@link STATUS_FORMAT};
 * fields are only ever added to a version, never changed.
 */
import { STATUS_FORMAT, type IdentityStatus, type UnmanagedUser } from '../model/key-status.ts'
import type { Finding } from './check-result.ts'

export { STATUS_FORMAT }

export interface EnvironmentStatus {
  readonly environment: string
  readonly account: string
  readonly region: string
  readonly identities: readonly IdentityStatus[]
  /** Present only when the account was read as a whole (`--account`). */
  readonly unmanaged?: readonly UnmanagedUser[]
  readonly findings: readonly Finding[]
}

export interface StatusResult {
  readonly format: typeof STATUS_FORMAT
  readonly project: string
  readonly file: string
  /** ISO time the ages and due dates are judged at (`--clock` moves it). */
  readonly at: string
  readonly environments: readonly EnvironmentStatus[]
  /** Environments that could not be read (their role, their account); absent when none. */
  readonly failed?: readonly { readonly environment: string; readonly message: string }[]
}
