/**
 * One command over many environments — often many accounts of an AWS Organization, each reached
 * through its own role. Accounts are worked on concurrently, a few at a time, because each has
 * its own API quotas: ten accounts take about as long as one. Within an account the opposite
 * holds: its environments share one set of quotas (IAM per account; Secrets Manager, SSM and STS
 * per account and region), so their sessions share one rate limiter instead of each assuming it
 * has the account to itself.
 */
import { AccountLimiters } from '../aws/account-limiters.ts'
import type { RateLimit } from '../aws/rate-limit.ts'
import type { RetryObserver } from '../aws/retry.ts'
import type { AwsSession } from '../aws/session.ts'
import { UsageError } from '../errors.ts'
import { pool } from '../keys/pool.ts'
import type { ResolvedEnvironment } from '../model/resolved.ts'
import type { AwsFlags } from './aws-flags.ts'
import { connect } from './aws.ts'
import type { Io } from './io.ts'

/**
 * Accounts worked on at once unless told otherwise: enough that an Organization's run is not
 * serial, few enough that one machine's connections and a person's terminal keep up.
 */
export const DEFAULT_PARALLEL_ACCOUNTS = 4

/** `--parallel-accounts N` as given, or the default; anything but a whole number ≥ 1 is refused. */
export function parallelAccounts(text: string | undefined): number {
  const parallel = Number(text ?? DEFAULT_PARALLEL_ACCOUNTS)
  if (!Number.isInteger(parallel) || parallel < 1)
    throw new UsageError('usage', '--parallel-accounts takes a whole number of at least 1.')
  return parallel
}

export type EnvironmentRun<T> =
  | { readonly kind: 'done'; readonly env: ResolvedEnvironment; readonly value: T }
  | { readonly kind: 'failed'; readonly env: ResolvedEnvironment; readonly error: unknown }

export interface EachEnvironmentOptions {
  /** Told of every retry; a function gives each environment its own, to say where it happened. */
  readonly observer?: RetryObserver | ((env: ResolvedEnvironment) => RetryObserver)
  readonly rateLimits?: readonly RateLimit[]
  /** Accounts at once (default {@link DEFAULT_PARALLEL_ACCOUNTS}). */
  readonly parallel?: number
}

/**
 * Connects to each environment's account (assuming its role when it names one) and runs `work`
 * for every environment, accounts concurrently (at most `parallel` at once), environments of one
 * account sharing that account's rate limiter. Results in the order of `envs`; one environment's
 * failure does not stop the others.
 */
export function eachEnvironment<T>(
  flags: AwsFlags,
  io: Io,
  envs: readonly ResolvedEnvironment[],
  options: EachEnvironmentOptions,
  work: (env: ResolvedEnvironment, session: AwsSession) => Promise<T>,
): Promise<EnvironmentRun<T>[]> {
  const limits = options.rateLimits ?? []
  const limiters = limits.length === 0 ? undefined : new AccountLimiters(limits)
  return eachEnvironmentWith(flags, io, envs, { ...options, limiters }, work)
}

/** eachEnvironment with the run's limiters given, e.g. on a clock of a test's own. */
export function eachEnvironmentWith<T>(
  flags: AwsFlags,
  io: Io,
  envs: readonly ResolvedEnvironment[],
  options: EachEnvironmentOptions & { readonly limiters: AccountLimiters | undefined },
  work: (env: ResolvedEnvironment, session: AwsSession) => Promise<T>,
): Promise<EnvironmentRun<T>[]> {
  return acrossAccounts(envs, options.parallel ?? DEFAULT_PARALLEL_ACCOUNTS, async (env) => {
    const { account, region } = env.environment
    const session = await connect(flags, io, env.environment, {
      observer: typeof options.observer === 'function' ? options.observer(env) : options.observer,
      // The session's region, which --region may have changed, is where regional quotas count.
      limiter: options.limiters?.for(account, flags.region ?? region),
    })
    return work(env, session)
  })
}

/**
 * Runs `work` for every environment: at most `parallel` accounts at once, the environments of
 * one account together. A failure is that environment's result, never the others'.
 */
export async function acrossAccounts<T>(
  envs: readonly ResolvedEnvironment[],
  parallel: number,
  work: (env: ResolvedEnvironment) => Promise<T>,
): Promise<EnvironmentRun<T>[]> {
  if (!Number.isInteger(parallel) || parallel < 1)
    throw new UsageError('usage', `Accounts at once must be a whole number ≥ 1, got ${parallel}.`)
  const byAccount = new Map<string, number[]>()
  envs.forEach((env, index) => {
    const group = byAccount.get(env.environment.account) ?? []
    group.push(index)
    byAccount.set(env.environment.account, group)
  })
  const runs: EnvironmentRun<T>[] = []
  await pool([...byAccount.values()], parallel, (group) =>
    Promise.all(
      group.map(async (index) => {
        const env = envs[index] as ResolvedEnvironment
        try {
          runs[index] = { kind: 'done', env, value: await work(env) }
        } catch (error) {
          runs[index] = { kind: 'failed', env, error }
        }
      }),
    ),
  )
  return runs
}
