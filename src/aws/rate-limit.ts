/**
 * Client-side rate limits: requests wait their turn here instead of being throttled by AWS.
 *
 * AWS limits each API per account with a token bucket, and answers a request over the limit with
 * a throttling error. Retrying with backoff (retry.ts) copes with an occasional one, but a pool
 * of workers all writing to one capped API keeps the bucket empty: most requests are refused,
 * each refusal costs a round trip and a random wait, and the waits leave the bucket idle while
 * nobody is sending. Spacing the requests here at the account's rate keeps the API busy and
 * every request accepted.
 *
 * Each limit is a GCRA (the virtual-scheduling form of a token bucket): a request reserves the
 * earliest instant the limit allows, synchronously, then sleeps until it. Reservations are made
 * in call order, so waiting callers go first-come, first-served, and no timer runs while nothing
 * waits. Off unless the session is given limits.
 */
import { UsageError } from '../errors.ts'

export interface RateLimit {
  /** Which operations share the limit: exact 'iam:CreateAccessKey' or a RegExp on it. */
  readonly operation: string | RegExp
  readonly perSecond: number
  /**
   * How many requests may leave at once after a quiet spell (default 1: every request spaced).
   * At the account's own rate, a burst empties AWS's bucket in step with this one, and the
   * slightest jitter on the way then lands a request on an empty bucket; spaced requests keep
   * AWS's bucket full, so jitter is absorbed.
   */
  readonly burst?: number
}

export interface LimiterClock {
  /** Milliseconds, monotonic. */
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
}

const REAL_CLOCK: LimiterClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}

interface Schedule {
  readonly limit: RateLimit
  /** Milliseconds between requests at the limit's rate. */
  readonly interval: number
  /** How far ahead of its schedule a request may go: the burst. */
  readonly tolerance: number
  /** When the next request is due if requests went exactly at the rate (GCRA's TAT). */
  due: number
}

/** What a session asks before each request, retries included: when it may be sent. */
export interface Limiter {
  take(operation: string): Promise<void>
}

export class RateLimiter implements Limiter {
  readonly #schedules: readonly Schedule[]
  readonly #clock: LimiterClock

  constructor(limits: readonly RateLimit[], clock: LimiterClock = REAL_CLOCK) {
    this.#clock = clock
    this.#schedules = limits.map((limit) => {
      const burst = limit.burst ?? 1
      if (!(limit.perSecond > 0 && Number.isFinite(limit.perSecond)))
        throw new UsageError('usage', `A rate limit needs a rate above 0, got ${limit.perSecond}.`)
      if (!(Number.isInteger(burst) && burst >= 1))
        throw new UsageError('usage', `A rate limit's burst is a whole number ≥ 1, got ${burst}.`)
      const interval = 1000 / limit.perSecond
      return { limit, interval, tolerance: (burst - 1) * interval, due: -Infinity }
    })
  }

  /**
   * Resolves when `operation` ('service:Operation') may be sent. The first limit that names it
   * applies, and only that one, like a routing table: a request is held by one schedule, so a
   * request waiting for a slow limit never blocks a slot in another.
   */
  take(operation: string): Promise<void> {
    const s = this.#schedules.find((schedule) => matches(schedule.limit.operation, operation))
    if (s === undefined) return Promise.resolve()
    const now = this.#clock.now()
    // Reserved before any other caller runs: waiting callers leave in the order they came.
    const at = Math.max(now, s.due - s.tolerance)
    s.due = Math.max(s.due, at) + s.interval
    return at > now ? this.#clock.sleep(at - now) : Promise.resolve()
  }
}

function matches(selector: string | RegExp, operation: string): boolean {
  if (typeof selector === 'string') return selector === operation
  selector.lastIndex = 0
  return selector.test(operation)
}

/** The write APIs rotation leans on, as AWS throttles them: per account and region, per family. */
export interface WriteFamily {
  readonly name: string
  readonly operation: RegExp
}

export const IAM_WRITES: WriteFamily = {
  name: 'IAM writes',
  operation: /^iam:(Create|Update|Delete|Tag|Untag)/,
}

/**
 * Secrets Manager documents one combined quota of 50 per second for these (not adjustable).
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html
 */
export const SECRETS_WRITES: WriteFamily = {
  name: 'SM writes',
  operation:
    /^secretsmanager:(PutSecretValue|UpdateSecretVersionStage|TagResource|UntagResource|UpdateSecret)$/,
}
export const SECRETS_WRITES_PER_SECOND = 50

/**
 * IAM publishes no per-second quota for its writes; accounts see throttling at around ten a
 * second, which is the default a rotation keeps to unless told otherwise.
 */
export const IAM_WRITES_PER_SECOND = 10

/** The limits a rotation run keeps to; IAM's rate 0 leaves IAM writes to AWS's throttling alone. */
export function writeLimits(iamPerSecond = IAM_WRITES_PER_SECOND): RateLimit[] {
  return [
    ...(iamPerSecond > 0 ? [{ operation: IAM_WRITES.operation, perSecond: iamPerSecond }] : []),
    { operation: SECRETS_WRITES.operation, perSecond: SECRETS_WRITES_PER_SECOND },
  ]
}

/**
 * IAM publishes no quota for its reads either. `status` spaces them per account at this rate, so
 * that reading an account of many users (a few reads each) never starves the account's other
 * tools, while an account of a few dozen users still reads in seconds.
 */
export const IAM_READS_PER_SECOND = 20

/** The limits a read-only run (`status`) keeps to: IAM's reads, which it makes most of. */
export function readLimits(iamPerSecond = IAM_READS_PER_SECOND): RateLimit[] {
  return [{ operation: /^iam:(Get|List)/, perSecond: iamPerSecond, burst: 10 }]
}
