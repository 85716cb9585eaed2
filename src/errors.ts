/**
 * keyward's exceptions. Expected outcomes (an invalid manifest, a denied request) are values;
 * an exception means "abort this command", and the CLI maps its `source` to an exit code:
 * `user` → 2, `aws` → 3, `internal` → 1.
 */

/** Who is at fault when a command aborts; decides the exit code and the tone of the message. */
export type ErrorSource = 'user' | 'aws' | 'internal'

/** Stable identifiers, so scripts and tests can match on an error without parsing its message. */
export type ErrorId =
  | 'usage'
  | 'file-not-found'
  | 'file-unreadable'
  | 'file-unwritable'
  | 'unknown-environment'
  | 'invalid-manifest'
  | 'invalid-policy'
  | 'aws-call-failed'
  | 'wrong-account'
  | 'no-credentials'
  | 'assume-role-failed'
  | 'stale-plan'
  | 'plan-conflict'
  | 'mint-failed'
  | 'rotation-failed'
  | 'rotation-conflict'
  | 'invalid-journal'
  | 'invalid-registry'
  | 'bootstrap-failed'
  | 'catalog-unavailable'
  | 'runner-failed'
  | 'internal'

const BRAND = Symbol.for('keyward.error')

export interface KeywardErrorOptions {
  readonly source: ErrorSource
  readonly hint?: string
  readonly cause?: unknown
}

/**
 * The one base class for every exception keyward throws. Checked with {@link isKeywardError}
 * rather than `instanceof`, so the check survives two copies of the package in one process.
 */
export class KeywardError extends Error {
  readonly id: ErrorId
  readonly source: ErrorSource
  readonly hint: string | undefined

  constructor(id: ErrorId, message: string, options: KeywardErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'KeywardError'
    this.id = id
    this.source = options.source
    this.hint = options.hint
    Object.defineProperty(this, BRAND, { value: true })
  }
}

/** The caller asked for something that cannot be done as asked (bad flag, missing file). */
export class UsageError extends KeywardError {
  constructor(id: ErrorId, message: string, hint?: string) {
    super(id, message, hint === undefined ? { source: 'user' } : { source: 'user', hint })
    this.name = 'UsageError'
  }
}

/** A broken invariant inside keyward: always a bug worth reporting. */
export class InternalError extends KeywardError {
  constructor(message: string, cause?: unknown) {
    super('internal', message, { source: 'internal', cause })
    this.name = 'InternalError'
  }
}

export function isKeywardError(value: unknown): value is KeywardError {
  return typeof value === 'object' && value !== null && BRAND in value
}
