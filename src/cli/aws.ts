/**
 * Connecting to AWS from the command line: the standard credential chain (or `--profile`),
 * `--region`, and `--endpoint` / `AWS_ENDPOINT_URL` for an emulator such as moto. When the
 * environment names a role (`assumeRole`), those credentials only assume it, and the session acts
 * as the role. Every command that reads or writes an account checks first that the session is
 * for the environment's account.
 */
import { verifyAccount } from '../aws/account.ts'
import { AwsSession } from '../aws/session.ts'
import type { Limiter, RateLimit } from '../aws/rate-limit.ts'
import type { RetryObserver } from '../aws/retry.ts'
import type { AssumeRoleTarget } from '../model/resolved.ts'
import type { AwsFlags } from './aws-flags.ts'
import type { Io } from './io.ts'

/** Where to connect: an environment's account and region, and the role that reaches it. */
export interface ConnectTarget {
  readonly account: string
  readonly region: string
  /** The environment's name, for messages. */
  readonly name?: string
  readonly assumeRole?: AssumeRoleTarget
}

export interface ConnectOptions {
  readonly observer?: RetryObserver | undefined
  /** Limits of this session alone. */
  readonly rateLimits?: readonly RateLimit[] | undefined
  /** A limiter shared with the run's other sessions (AccountLimiters), in place of rateLimits. */
  readonly limiter?: Limiter | undefined
}

/** A session for the environment's account, refused when it is for another. */
export async function connect(
  flags: AwsFlags,
  io: Io,
  target: ConnectTarget,
  options: ConnectOptions = {},
): Promise<AwsSession> {
  const endpoint = flags.endpoint ?? io.env['AWS_ENDPOINT_URL']
  const accessKeyId = io.env['AWS_ACCESS_KEY_ID']
  const secretAccessKey = io.env['AWS_SECRET_ACCESS_KEY']
  const sessionToken = io.env['AWS_SESSION_TOKEN']
  const role = flags['no-assume-role'] === true ? undefined : target.assumeRole
  const session = new AwsSession({
    region: flags.region ?? target.region,
    ...(endpoint === undefined || endpoint === '' ? {} : { endpoint }),
    ...(flags.profile !== undefined
      ? { profile: flags.profile }
      : accessKeyId !== undefined && secretAccessKey !== undefined
        ? {
            credentials: {
              accessKeyId,
              secretAccessKey,
              ...(sessionToken === undefined ? {} : { sessionToken }),
            },
          }
        : {}),
    observer: options.observer ?? {},
    ...(options.limiter !== undefined
      ? { limiter: options.limiter }
      : options.rateLimits !== undefined && options.rateLimits.length > 0
        ? { rateLimits: options.rateLimits }
        : {}),
    ...(role === undefined
      ? {}
      : {
          assumeRole: {
            ...role,
            ...(target.name === undefined ? {} : { environment: target.name }),
          },
        }),
  })
  // The first call that needs credentials assumes the role: a role that cannot be assumed fails
  // here, before anything is read, with the role and environment named.
  await verifyAccount(session, target.account, {
    allowLocal: flags['allow-local-account'] === true,
  })
  return session
}
