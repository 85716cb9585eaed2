/**
 * Retrying AWS calls: exponential backoff with full jitter on throttling, server errors and
 * dropped connections — the errors a repeat can fix. Everything else fails at once.
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
import { classify, isRetryable, type Classified } from './errors.ts'

export interface RetryPolicy {
  readonly attempts: number
  readonly baseMs: number
  readonly capMs: number
  /** Random in [0, 1); injectable so tests are repeatable. */
  readonly random: () => number
  readonly sleep: (ms: number) => Promise<void>
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 8,
  baseMs: 100,
  capMs: 8_000,
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}

export interface RetryObserver {
  readonly onRetry?: (
    operation: string,
    attempt: number,
    delayMs: number,
    error: Classified,
  ) => void
}

/**
 * `retryable` narrows which failures are retried: a call that must not run twice retries only
 * throttling, which AWS answers before doing anything.
 */
export async function withRetry<T>(
  operation: string,
  call: () => Promise<T>,
  policy: RetryPolicy,
  observer: RetryObserver = {},
  retryable: (error: Classified) => boolean = isRetryable,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      const classified = classify(error)
      if (!retryable(classified) || attempt >= policy.attempts) throw error
      const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1))
      const delay = Math.floor(policy.random() * ceiling)
      observer.onRetry?.(operation, attempt, delay, classified)
      await policy.sleep(delay)
    }
  }
}
