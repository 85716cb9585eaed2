/**
 * One connection to an AWS account (or an emulator): the SDK clients keyward uses, every request
 * counted per operation, and every call retried by one policy — the SDK's own retries are off,
 * so a throttled call is retried once, visibly, and counted.
 */
import { IAMClient } from '@aws-sdk/client-iam'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { SSMClient } from '@aws-sdk/client-ssm'
import { S3Client } from '@aws-sdk/client-s3'
import { STSClient } from '@aws-sdk/client-sts'
import { fromNodeProviderChain } from '@aws-sdk/credential-providers'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types'
import { isKeywardError } from '../errors.ts'
import { assumeRole, renewingCredentials, type RoleToAssume } from './assume-role.ts'
import { AwsError, classify, type Classified } from './errors.ts'
import { RateLimiter, type Limiter, type RateLimit } from './rate-limit.ts'
import { DEFAULT_RETRY, withRetry, type RetryObserver, type RetryPolicy } from './retry.ts'

export interface ConnectionOptions {
  readonly region: string
  /** An emulator or a custom endpoint (`AWS_ENDPOINT_URL`), e.g. moto on loopback. */
  readonly endpoint?: string
  readonly profile?: string
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider
  readonly retry?: RetryPolicy
  readonly observer?: RetryObserver
  /** Milliseconds; a call that takes longer fails as a network error, and is retried. */
  readonly timeouts?: { readonly connect: number; readonly request: number }
  /**
   * Client-side limits per API (rate-limit.ts): each request, retries included, waits for its
   * turn before it is sent. None by default.
   */
  readonly rateLimits?: readonly RateLimit[]
  /**
   * A limiter shared with other sessions, in place of `rateLimits`: sessions of one account take
   * their turns from one budget, as AWS counts them (account-limiters.ts).
   */
  readonly limiter?: Limiter
  /**
   * A role to act as: every client signs with its temporary credentials, obtained (and renewed)
   * with the credentials above, on the same endpoint and region (assume-role.ts).
   */
  readonly assumeRole?: RoleToAssume
}

/** AWS answers in well under a second; a minute means the connection is gone. */
export const DEFAULT_TIMEOUTS = { connect: 10_000, request: 60_000 }

interface ClientSettings {
  readonly region: string
  readonly maxAttempts: number
  readonly requestHandler: {
    readonly connectionTimeout: number
    readonly requestTimeout: number
    readonly throwOnRequestTimeout: boolean
  }
  readonly endpoint?: string
}

type Sendable = { send: (command: never) => Promise<unknown> }

export class AwsSession {
  readonly region: string
  readonly endpoint: string | undefined
  readonly iam: IAMClient
  readonly sts: STSClient
  readonly secrets: SecretsManagerClient
  readonly ssm: SSMClient
  /** Requests sent, retries included, per `Service.Operation`. */
  readonly calls = new Map<string, number>()
  private readonly retry: RetryPolicy
  private readonly observer: RetryObserver
  private readonly settings: ClientSettings
  private readonly limiter: Limiter | undefined

  constructor(options: ConnectionOptions) {
    const given =
      options.credentials ??
      fromNodeProviderChain(options.profile === undefined ? {} : { profile: options.profile })
    const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS
    const common: ClientSettings = {
      region: options.region,
      maxAttempts: 1,
      requestHandler: {
        connectionTimeout: timeouts.connect,
        requestTimeout: timeouts.request,
        throwOnRequestTimeout: true,
      },
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    }
    this.settings = common
    this.region = options.region
    this.endpoint = options.endpoint
    let credentials = given
    const role = options.assumeRole
    if (role !== undefined) {
      // The credentials given sign only AssumeRole; every other call signs as the role.
      const base = new STSClient({ ...common, credentials: given })
      credentials = renewingCredentials(() => assumeRole(this, base, role))
    }
    this.iam = new IAMClient({ ...common, credentials })
    this.sts = new STSClient({ ...common, credentials })
    this.secrets = new SecretsManagerClient({ ...common, credentials })
    this.ssm = new SSMClient({ ...common, credentials })
    this.retry = options.retry ?? DEFAULT_RETRY
    this.observer = options.observer ?? {}
    const limits = options.rateLimits ?? []
    this.limiter = options.limiter ?? (limits.length === 0 ? undefined : new RateLimiter(limits))
  }

  /**
   * An STS client signing with other credentials — a key just minted, to prove it works — on
   * this session's endpoint and timeouts. Its calls are counted under `sts:` like any other.
   */
  stsWith(credentials: AwsCredentialIdentity): STSClient {
    return new STSClient({ ...this.settings, credentials })
  }

  /** The same for S3 and Secrets Manager: a rotation's canary call (model/canary.ts). */
  s3With(credentials: AwsCredentialIdentity): S3Client {
    // An endpoint of our own (moto, a proxy) serves buckets by path, not by host name.
    return new S3Client({
      ...this.settings,
      credentials,
      ...(this.endpoint === undefined ? {} : { forcePathStyle: true }),
    })
  }

  secretsWith(credentials: AwsCredentialIdentity): SecretsManagerClient {
    return new SecretsManagerClient({ ...this.settings, credentials })
  }

  /** Sends a command with retries; failures become an AwsError naming the operation. */
  async send<T>(client: Sendable, command: object, operation: string): Promise<T> {
    try {
      return await this.attempt<T>(client, command, operation)
    } catch (error) {
      throw failed(operation, error)
    }
  }

  /** Like send, but hands back the raw failure so callers can treat "not found" as an answer. */
  attempt<T>(
    client: Sendable,
    command: object,
    operation: string,
    retryable?: (error: Classified) => boolean,
  ): Promise<T> {
    return withRetry(
      operation,
      () => {
        const send = () => {
          this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1)
          return client.send(command as never) as Promise<T>
        }
        // Without limits the request goes at once, exactly as before.
        return this.limiter === undefined ? send() : this.limiter.take(operation).then(send)
      },
      this.retry,
      this.observer,
      retryable,
    )
  }

  /** Sends a command, named `service:Operation` after its client and class, with retries. */
  call<T>(client: Sendable, command: object): Promise<T> {
    return this.send<T>(client, command, this.operationOf(client, command))
  }

  /** Like call, but undefined when AWS answers that the resource does not exist. */
  async find<T>(client: Sendable, command: object): Promise<T | undefined> {
    const operation = this.operationOf(client, command)
    try {
      return await this.attempt<T>(client, command, operation)
    } catch (error) {
      if (isKeywardError(error)) throw error
      const classified = classify(error)
      if (classified.kind === 'not-found') return undefined
      throw new AwsError(operation, classified)
    }
  }

  /**
   * For a call that must not be repeated blindly (CreateAccessKey): throttling is retried, as AWS
   * did nothing; after a dropped connection or a server error the outcome is `unknown` — the
   * change may have happened — and the caller must look before trying again.
   */
  async once(
    client: Sendable,
    command: object,
  ): Promise<{ readonly kind: 'done'; readonly value: unknown } | { readonly kind: 'unknown' }> {
    const operation = this.operationOf(client, command)
    try {
      const value = await this.attempt<unknown>(
        client,
        command,
        operation,
        (error) => error.kind === 'throttled',
      )
      return { kind: 'done', value }
    } catch (error) {
      if (isKeywardError(error)) throw error
      const classified = classify(error)
      if (classified.kind === 'server' || classified.kind === 'network') return { kind: 'unknown' }
      throw new AwsError(operation, classified)
    }
  }

  operationOf(client: Sendable, command: object): string {
    const service =
      client === this.iam
        ? 'iam'
        : client === this.sts
          ? 'sts'
          : client === this.secrets
            ? 'secretsmanager'
            : 'ssm'
    return `${service}:${command.constructor.name.replace(/Command$/, '')}`
  }

  get totalCalls(): number {
    let total = 0
    for (const n of this.calls.values()) total += n
    return total
  }
}

/**
 * A failure as the caller sees it. One of ours (the role could not be assumed while the SDK
 * fetched credentials for this call) already says what went wrong, better than this call would.
 */
function failed(operation: string, error: unknown): unknown {
  return isKeywardError(error) ? error : new AwsError(operation, classify(error))
}

/** Whether the endpoint is this machine: an emulator, where account ids are the test's choice. */
export function isLoopback(endpoint: string | undefined): boolean {
  if (endpoint === undefined) return false
  try {
    const host = new URL(endpoint).hostname
    return (
      host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)
    )
  } catch {
    return false
  }
}
