/**
 * Connecting to AWS from the command line: the standard credential chain (or `--profile`),
 * `--region`, and `--endpoint` / `AWS_ENDPOINT_URL` for an emulator such as moto. Every command
 * that reads or writes an account checks first that the credentials are for the environment's
 * account.
 */
import { verifyAccount } from '../aws/account.ts'
import { AwsSession } from '../aws/session.ts'
import type { RateLimit } from '../aws/rate-limit.ts'
import type { RetryObserver } from '../aws/retry.ts'
import type { AwsFlags } from './aws-flags.ts'
import type { Io } from './io.ts'

/** A session for the environment's account, refused when the credentials are for another. */
export async function connect(
  flags: AwsFlags,
  io: Io,
  account: string,
  region: string,
  observer: RetryObserver = {},
  rateLimits: readonly RateLimit[] = [],
): Promise<AwsSession> {
  const endpoint = flags.endpoint ?? io.env['AWS_ENDPOINT_URL']
  const accessKeyId = io.env['AWS_ACCESS_KEY_ID']
  const secretAccessKey = io.env['AWS_SECRET_ACCESS_KEY']
  const sessionToken = io.env['AWS_SESSION_TOKEN']
  const session = new AwsSession({
    region: flags.region ?? region,
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
    observer,
    ...(rateLimits.length === 0 ? {} : { rateLimits }),
  })
  await verifyAccount(session, account, { allowLocal: flags['allow-local-account'] === true })
  return session
}
