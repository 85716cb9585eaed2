/**
 * Rate limits as AWS counts them when one run works in several environments at once. IAM is a
 * global service: its quotas are per account, whatever region a call names. Secrets Manager, SSM
 * and STS count per account and region. Two environments in one account therefore share one IAM
 * budget — giving each session its own limiter would send twice the account's rate and let AWS
 * throttle both — while environments in different accounts (or regions, for regional APIs) do
 * not slow each other down.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html
 */
import { RateLimiter, type Limiter, type LimiterClock, type RateLimit } from './rate-limit.ts'

/** Services whose quotas are per account rather than per account and region. */
const ACCOUNT_WIDE: ReadonlySet<string> = new Set(['iam'])

export class AccountLimiters {
  readonly #limits: readonly RateLimit[]
  readonly #clock: LimiterClock | undefined
  readonly #schedules = new Map<string, RateLimiter>()
  readonly #routes = new Map<string, Limiter>()

  constructor(limits: readonly RateLimit[], clock?: LimiterClock) {
    // Built once here so that bad limits are refused before any session exists.
    new RateLimiter(limits, clock)
    this.#limits = limits
    this.#clock = clock
  }

  /**
   * The limiter for a session in `account` and `region`: account-wide APIs wait on the account's
   * schedule, every other API on the account and region's. Asking twice for the same place gives
   * the same limiter.
   */
  for(account: string, region: string): Limiter {
    const place = `${account}/${region}`
    const known = this.#routes.get(place)
    if (known !== undefined) return known
    const accountWide = this.#schedule(account)
    const regional = this.#schedule(place)
    const route: Limiter = {
      take: (operation) =>
        (ACCOUNT_WIDE.has(serviceOf(operation)) ? accountWide : regional).take(operation),
    }
    this.#routes.set(place, route)
    return route
  }

  #schedule(key: string): RateLimiter {
    let limiter = this.#schedules.get(key)
    if (limiter === undefined) {
      limiter = new RateLimiter(this.#limits, this.#clock)
      this.#schedules.set(key, limiter)
    }
    return limiter
  }
}

/** `iam:CreateAccessKey` → `iam`. */
function serviceOf(operation: string): string {
  const colon = operation.indexOf(':')
  return colon < 0 ? operation : operation.slice(0, colon)
}
