import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { KeywardError } from '../errors.ts'
import { AwsError, NO_CREDENTIALS } from './errors.ts'
import { isLoopback, type AwsSession } from './session.ts'

export interface CallerIdentity {
  readonly account: string
  readonly arn: string
}

/**
 * Refuses to touch an account other than the environment's. A local emulator may run under any
 * account id; `allowLocal` accepts a mismatch there, and only there.
 */
export async function verifyAccount(
  session: AwsSession,
  expected: string,
  options: { allowLocal?: boolean } = {},
): Promise<CallerIdentity & { mismatchAllowed: boolean }> {
  const identity = await session
    .send<{ Account?: string; Arn?: string }>(
      session.sts,
      new GetCallerIdentityCommand({}),
      'sts:GetCallerIdentity',
    )
    .catch((error: unknown) => {
      throw error instanceof AwsError && NO_CREDENTIALS.has(error.code) ? noCredentials() : error
    })
  const account = identity.Account ?? ''
  const arn = identity.Arn ?? ''
  if (account === expected) return { account, arn, mismatchAllowed: false }
  if (options.allowLocal === true && isLoopback(session.endpoint))
    return { account, arn, mismatchAllowed: true }
  throw new KeywardError(
    'wrong-account',
    `These credentials are for account ${account}, but the environment is account ${expected}.`,
    {
      source: 'user',
      hint:
        options.allowLocal === true
          ? '--allow-local-account only applies to a loopback endpoint such as moto on 127.0.0.1.'
          : 'Use credentials (or --profile) for the right account. Against a local emulator, pass --allow-local-account.',
    },
  )
}

function noCredentials(): KeywardError {
  return new KeywardError('no-credentials', 'No AWS credentials were found.', {
    source: 'user',
    hint: 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, pass --profile NAME, or log in (aws sso login).',
  })
}
