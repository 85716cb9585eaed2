/**
 * AWS errors, classified and cleaned. The SDK's errors carry request ids, signatures and
 * sometimes credentials in their messages; nothing of that reaches a user. What remains is the
 * service's error code and a message a person can act on.
 */
import { KeywardError } from '../errors.ts'

export type AwsErrorClass =
  'throttled' | 'server' | 'network' | 'not-found' | 'exists' | 'denied' | 'invalid' | 'other'

export interface Classified {
  readonly code: string
  readonly status: number | undefined
  readonly kind: AwsErrorClass
  readonly message: string
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
])
const NOT_FOUND = new Set([
  'NoSuchEntity',
  'NoSuchEntityException',
  'ResourceNotFoundException',
  'ParameterNotFound',
])
const EXISTS = new Set([
  'EntityAlreadyExists',
  'EntityAlreadyExistsException',
  'ResourceExistsException',
  'ParameterAlreadyExists',
])
const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'ExpiredToken',
])
const NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'TimeoutError',
  'socket hang up',
])

/** The SDK's own errors when no credentials could be found or used; AWS was never asked. */
export const NO_CREDENTIALS: ReadonlySet<string> = new Set([
  'CredentialsProviderError',
  'ProviderError',
  'TokenProviderError',
])

export function classify(error: unknown): Classified {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: string
    code?: string
    message?: string
    $metadata?: { httpStatusCode?: number }
    $fault?: string
  }
  const code = e.name ?? e.code ?? 'Error'
  const status = e.$metadata?.httpStatusCode
  const message = redact(e.message ?? String(error))
  let kind: AwsErrorClass = 'other'
  if (THROTTLING.has(code) || status === 429) kind = 'throttled'
  else if (NOT_FOUND.has(code)) kind = 'not-found'
  else if (EXISTS.has(code)) kind = 'exists'
  else if (DENIED.has(code) || status === 403) kind = 'denied'
  else if (
    NETWORK.has(code) ||
    NETWORK.has(e.code ?? '') ||
    /socket hang up|ECONNRESET|EPIPE/.test(message)
  )
    kind = 'network'
  else if ((status !== undefined && status >= 500) || e.$fault === 'server') kind = 'server'
  else if (status !== undefined && status >= 400) kind = 'invalid'
  return { code, status, kind, message }
}

export function isRetryable(c: Classified): boolean {
  return c.kind === 'throttled' || c.kind === 'server' || c.kind === 'network'
}

/**
 * Strips what must never be shown: request ids, signatures and credential scopes, and anything
 * shaped like an access key id or a secret key.
 */
export function redact(message: string): string {
  return message
    .replace(/(request[ -]?id|RequestId|x-amz-request-id)["':= ]+[\w-]+/gi, '$1: [redacted]')
    .replace(/Credential=[^,\s]+/g, 'Credential=[redacted]')
    .replace(/Signature=[0-9a-f]+/g, 'Signature=[redacted]')
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, '$1…')
    .replace(/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/g, '[redacted]')
    .slice(0, 500)
}

/** An AWS call that failed for good; the CLI shows it with exit status 3. */
export class AwsError extends KeywardError {
  readonly code: string
  readonly kind: AwsErrorClass

  constructor(operation: string, classified: Classified, hint?: string) {
    super('aws-call-failed', `${operation} failed: ${classified.code}: ${classified.message}`, {
      source: 'aws',
      ...(hint === undefined ? {} : { hint }),
    })
    this.name = 'AwsError'
    this.code = classified.code
    this.kind = classified.kind
  }
}
