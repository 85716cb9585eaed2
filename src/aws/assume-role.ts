/**
 * Reaching an account through a role: the session's credentials are temporary ones from
 * `sts:AssumeRole`, signed by the credentials keyward was started with (a central CI identity, a
 * profile), renewed before they expire so a long run never signs with stale ones.
 *
 * The call goes through the session's own `send`, not the SDK's `fromTemporaryCredentials`: it is
 * retried by the same policy as every other call (STS throttles too, and a run over many accounts
 * assumes many roles at once), counted with the others, held by the same rate limits, and its
 * failure is reported as what it is — the role could not be assumed — rather than surfacing as
 * whichever call first needed credentials.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
import {
  AssumeRoleCommand,
  type AssumeRoleCommandOutput,
  type STSClient,
} from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity } from '@aws-sdk/types'
import { KeywardError } from '../errors.ts'
import type { AssumeRoleTarget } from '../model/resolved.ts'
import { classify, NO_CREDENTIALS, type Classified } from './errors.ts'
import type { AwsSession } from './session.ts'

/** What CloudTrail shows as the session's name unless the manifest says otherwise. */
export const DEFAULT_SESSION_NAME = 'keyward'

/**
 * Credentials are renewed this long before they expire. The SDK treats credentials within five
 * minutes of expiry as expired and asks for them again on every request, so renewing earlier
 * than that keeps it from asking in a loop.
 */
export const RENEW_BEFORE_MS = 10 * 60_000

export interface RoleToAssume extends AssumeRoleTarget {
  /** The environment the role is for, so a failure names it. */
  readonly environment?: string
}

export interface TemporaryCredentials extends AwsCredentialIdentity {
  readonly expiration: Date
}

/**
 * A credential provider over `fetch`: it keeps what `fetch` returned until shortly before it
 * expires, and callers that arrive while a fetch is under way share it, so the session's four
 * clients starting together assume the role once, not four times.
 */
export function renewingCredentials(
  fetch: () => Promise<TemporaryCredentials>,
  now: () => number = Date.now,
): () => Promise<TemporaryCredentials> {
  let held: TemporaryCredentials | undefined
  let pending: Promise<TemporaryCredentials> | undefined
  return () => {
    if (held !== undefined && held.expiration.getTime() - now() > RENEW_BEFORE_MS)
      return Promise.resolve(held)
    pending ??= fetch()
      .then((credentials) => (held = credentials))
      .finally(() => {
        pending = undefined
      })
    return pending
  }
}

/** Assumes `role` through `session` (retried, counted, rate-limited), signing with `client`. */
export async function assumeRole(
  session: AwsSession,
  client: STSClient,
  role: RoleToAssume,
): Promise<TemporaryCredentials> {
  let answer: AssumeRoleCommandOutput
  try {
    answer = await session.attempt(
      client,
      new AssumeRoleCommand({
        RoleArn: role.arn,
        RoleSessionName: role.sessionName ?? DEFAULT_SESSION_NAME,
        ...(role.externalId === undefined ? {} : { ExternalId: role.externalId }),
      }),
      'sts:AssumeRole',
    )
  } catch (error) {
    throw notAssumed(role, error)
  }
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = answer.Credentials ?? {}
  if (AccessKeyId === undefined || SecretAccessKey === undefined || Expiration === undefined)
    throw new KeywardError(
      'assume-role-failed',
      `${describe(role)}: STS answered without credentials.`,
      {
        source: 'aws',
      },
    )
  return {
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    expiration: Expiration,
    ...(SessionToken === undefined ? {} : { sessionToken: SessionToken }),
  }
}

function describe(role: RoleToAssume): string {
  const env = role.environment === undefined ? '' : ` for environment ${role.environment}`
  return `Could not assume ${role.arn}${env}`
}

/**
 * Refused (the role is missing, its trust does not name the caller, the external id is wrong —
 * AWS answers all of these with the same AccessDenied) is the user's to fix; a throttled or
 * failing STS, after the retries, is AWS's. Missing base credentials stay as the SDK said, so
 * the caller reports them as such.
 */
function notAssumed(role: RoleToAssume, error: unknown): unknown {
  const failure: Classified = classify(error)
  if (NO_CREDENTIALS.has(failure.code)) return error
  const refused = failure.kind === 'denied' || failure.kind === 'invalid'
  const account = /^arn:[^:]+:iam::(\d{12}):/.exec(role.arn)?.[1] ?? 'its account'
  return new KeywardError(
    'assume-role-failed',
    `${describe(role)}: ${failure.code}: ${failure.message}`,
    {
      source: refused ? 'user' : 'aws',
      hint: refused
        ? `The role must exist in account ${account} and trust the identity keyward runs as (\`aws sts get-caller-identity\` shows it)${role.externalId === undefined ? '' : ', with this external id'}, and that identity needs sts:AssumeRole on it. Already running as this role? Pass --no-assume-role.`
        : 'STS did not answer after several tries; run again later.',
      cause: error,
    },
  )
}
