import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  GetUserCommand,
  IAMClient,
  ListUsersCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam'
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import assert from 'node:assert/strict'
import { after, afterEach, before, beforeEach, describe, test } from 'node:test'
import {
  startFaultProxy,
  type FaultProxy,
  type FaultRule,
  type ProxyCall,
} from './support/fault-proxy.ts'
import { motoAvailable, startMoto, type Moto } from './support/moto.ts'

const ACCOUNT = '111122223333'
const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}

interface Clients {
  readonly iam: IAMClient
  readonly sts: STSClient
  readonly sm: SecretsManagerClient
  readonly ssm: SSMClient
  destroy(): void
}

function clients(
  endpoint: string,
  signer: { accessKeyId: string; secretAccessKey: string } = credentials,
): Clients {
  // One attempt: the proxy's faults must reach the test, not be absorbed by SDK retries.
  const config = { credentials: signer, region: 'us-east-1', endpoint, maxAttempts: 1 }
  const iam = new IAMClient(config)
  const sts = new STSClient(config)
  const sm = new SecretsManagerClient(config)
  const ssm = new SSMClient(config)
  return {
    iam,
    sts,
    sm,
    ssm,
    destroy() {
      for (const client of [iam, sts, sm, ssm]) client.destroy()
    },
  }
}

/** A fresh access key for a fresh user, created through the proxy so the proxy learns it. */
async function newKey(
  iam: IAMClient,
  user: string,
): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  await iam.send(new CreateUserCommand({ UserName: user }))
  const { AccessKey: key } = await iam.send(new CreateAccessKeyCommand({ UserName: user }))
  assert.ok(key?.AccessKeyId !== undefined && key.SecretAccessKey !== undefined)
  return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

interface SdkError {
  readonly name: string
  readonly message: string
  readonly code?: string
  readonly $metadata?: { readonly httpStatusCode?: number }
}

async function rejection(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise
  } catch (error) {
    assert.ok(error instanceof Error, `expected an Error, got ${String(error)}`)
    return error
  }
  assert.fail('expected the call to reject')
}

const skip = motoAvailable() ? false : 'python3 cannot import moto.server'

describe('fault proxy in front of moto', { skip }, () => {
  let moto: Moto
  let proxy: FaultProxy
  let aws: Clients

  before(async () => {
    const started = performance.now()
    moto = await startMoto({ account: ACCOUNT })
    const startup = Math.round(performance.now() - started)
    proxy = await startFaultProxy(moto.endpoint, { seed: 1 })
    aws = clients(proxy.endpoint)
    // Warms moto's lazily loaded backends so per-test timings measure the proxy, not imports.
    await aws.sts.send(new GetCallerIdentityCommand({}))
    await aws.iam.send(new ListUsersCommand({}))
    await aws.sm.send(new ListSecretsCommand({}))
    await aws.ssm.send(new PutParameterCommand({ Name: '/warm', Value: 'x', Type: 'String' }))
    process.stderr.write(`# moto started in ${startup} ms\n`)
  })

  after(async () => {
    aws.destroy()
    await proxy.close()
    await moto.stop()
  })

  beforeEach(async () => {
    proxy.setRules([])
    proxy.setKeyRules({})
    proxy.setRateCaps([])
    await moto.reset()
    proxy.resetCounts()
  })

  test('given no rules, when each service is called through the SDK, then every call is named and forwarded', async () => {
    await aws.iam.send(new CreateUserCommand({ UserName: 'alice' }))
    const identity = await aws.sts.send(new GetCallerIdentityCommand({}))
    await aws.sm.send(new ListSecretsCommand({}))
    await aws.ssm.send(new PutParameterCommand({ Name: '/app/key', Value: 'v', Type: 'String' }))
    const parameter = await aws.ssm.send(new GetParameterCommand({ Name: '/app/key' }))

    assert.equal(identity.Account, ACCOUNT, 'MOTO_ACCOUNT_ID reaches moto')
    assert.equal(parameter.Parameter?.Value, 'v')
    const expected = new Map([
      ['iam:CreateUser', 1],
      ['sts:GetCallerIdentity', 1],
      ['secretsmanager:ListSecrets', 1],
      ['ssm:PutParameter', 1],
      ['ssm:GetParameter', 1],
    ])
    assert.deepEqual(new Map(proxy.calls), expected)
    assert.deepEqual(new Map(proxy.forwarded), expected)
    assert.equal(proxy.total(), 5)
  })

  test('given a throttle rule, when each protocol is throttled, then the SDK sees the service’s own throttling error', async () => {
    proxy.setRules([{ kind: 'throttle' }])

    const iam = await rejection(aws.iam.send(new CreateUserCommand({ UserName: 'alice' })))
    const sts = await rejection(aws.sts.send(new GetCallerIdentityCommand({})))
    const sm = await rejection(aws.sm.send(new ListSecretsCommand({})))
    const ssm = await rejection(aws.ssm.send(new GetParameterCommand({ Name: '/nope' })))

    // Query protocol (IAM, STS) names the error by <Code>; JSON protocol by __type.
    assert.equal(iam.name, 'Throttling')
    assert.equal(sts.name, 'Throttling')
    assert.equal(sm.name, 'ThrottlingException')
    assert.equal(ssm.name, 'ThrottlingException')
    for (const error of [iam, sts, sm, ssm]) assert.equal(error.$metadata?.httpStatusCode, 400)
    assert.equal(proxy.total(), 4)
    assert.equal(proxy.forwarded.size, 0, 'a throttled call never reaches AWS')
  })

  test('given a server-error rule, when called, then the SDK sees a 5xx in the service’s format', async () => {
    proxy.setRules([
      { kind: 'server-error', operation: 'sts:GetCallerIdentity', status: 503 },
      { kind: 'server-error' },
    ])

    const iam = await rejection(aws.iam.send(new CreateUserCommand({ UserName: 'alice' })))
    const sts = await rejection(aws.sts.send(new GetCallerIdentityCommand({})))
    const sm = await rejection(aws.sm.send(new ListSecretsCommand({})))
    const ssm = await rejection(aws.ssm.send(new GetParameterCommand({ Name: '/nope' })))

    assert.deepEqual(
      [iam, sts, sm, ssm].map((e) => [e.name, e.$metadata?.httpStatusCode]),
      [
        ['InternalFailure', 500],
        ['ServiceUnavailable', 503],
        ['InternalServiceError', 500],
        ['InternalServerError', 500],
      ],
    )
    assert.equal(proxy.forwarded.size, 0)
  })

  test('given drop-before, when a user is created, then the call fails and moto never saw it', async () => {
    proxy.setRules([{ kind: 'drop-before', operation: 'iam:CreateUser' }])

    const error = await rejection(aws.iam.send(new CreateUserCommand({ UserName: 'alice' })))

    assert.match(`${error.code ?? ''} ${error.message}`, /ECONNRESET|socket hang up/)
    assert.equal(proxy.calls.get('iam:CreateUser'), 1)
    assert.equal(proxy.forwarded.get('iam:CreateUser'), undefined)
    const lookup = await rejection(aws.iam.send(new GetUserCommand({ UserName: 'alice' })))
    assert.equal(lookup.name, 'NoSuchEntityException')
  })

  test('given drop-after, when a user is created, then the call fails yet the user exists', async () => {
    proxy.setRules([{ kind: 'drop-after', operation: 'iam:CreateUser' }])

    const error = await rejection(aws.iam.send(new CreateUserCommand({ UserName: 'alice' })))

    assert.match(`${error.code ?? ''} ${error.message}`, /ECONNRESET|socket hang up/)
    assert.equal(proxy.forwarded.get('iam:CreateUser'), 1)
    const user = await aws.iam.send(new GetUserCommand({ UserName: 'alice' }))
    assert.equal(user.User?.UserName, 'alice')
  })

  test('given a latency rule on one operation, when called, then only that operation is delayed', async () => {
    proxy.setRules([{ kind: 'latency', operation: /^sts:/, delayMs: 300 }])

    let started = performance.now()
    const identity = await aws.sts.send(new GetCallerIdentityCommand({}))
    const slow = performance.now() - started
    started = performance.now()
    await aws.iam.send(new ListUsersCommand({}))
    const fast = performance.now() - started

    assert.equal(identity.Account, ACCOUNT, 'a delayed call is still answered by moto')
    assert.ok(slow >= 290, `delayed call took ${slow} ms`)
    assert.ok(fast < 250, `undelayed call took ${fast} ms`)
  })

  test('given after: 1 and times: 2, when called five times, then only calls 2 and 3 fail', async () => {
    proxy.setRules([{ kind: 'throttle', operation: 'sts:GetCallerIdentity', after: 1, times: 2 }])

    const outcomes: string[] = []
    for (let i = 0; i < 5; i++) {
      try {
        await aws.sts.send(new GetCallerIdentityCommand({}))
        outcomes.push('ok')
      } catch (error) {
        outcomes.push((error as SdkError).name)
      }
    }

    assert.deepEqual(outcomes, ['ok', 'Throttling', 'Throttling', 'ok', 'ok'])
    assert.equal(proxy.calls.get('sts:GetCallerIdentity'), 5)
    assert.equal(proxy.forwarded.get('sts:GetCallerIdentity'), 3)
  })

  test('given several matching rules, when called, then the first that matches and fires wins', async () => {
    proxy.setRules([
      { kind: 'throttle', operation: 'iam:GetUser' },
      { kind: 'server-error', operation: /^iam:/ },
    ])

    const getUser = await rejection(aws.iam.send(new GetUserCommand({ UserName: 'x' })))
    const listUsers = await rejection(aws.iam.send(new ListUsersCommand({})))
    await aws.sts.send(new GetCallerIdentityCommand({}))

    assert.equal(getUser.name, 'Throttling')
    assert.equal(listUsers.$metadata?.httpStatusCode, 500)
    assert.deepEqual(new Map(proxy.forwarded), new Map([['sts:GetCallerIdentity', 1]]))
  })

  test('given a probability and a seed, when replayed on a new proxy, then the fault pattern repeats', async () => {
    const rules: FaultRule[] = [{ kind: 'throttle', probability: 0.5 }]
    const pattern = async (seed: number): Promise<string> => {
      const replay = await startFaultProxy(moto.endpoint, { seed, rules })
      const sts = new STSClient({
        credentials,
        region: 'us-east-1',
        endpoint: replay.endpoint,
        maxAttempts: 1,
      })
      const seen: ProxyCall[] = []
      replay.onCall((call) => seen.push(call))
      try {
        for (let i = 0; i < 16; i++)
          await sts.send(new GetCallerIdentityCommand({})).catch(() => undefined)
      } finally {
        sts.destroy()
        await replay.close()
      }
      return seen.map((call) => (call.fault === undefined ? '.' : 'T')).join('')
    }

    const first = await pattern(42)
    const second = await pattern(42)
    const other = await pattern(7)

    assert.equal(second, first)
    assert.match(first, /T/, 'some calls are throttled')
    assert.match(first, /\./, 'some calls pass')
    assert.notEqual(other, first, 'another seed gives another pattern')
  })

  test('given a hold rule, when the proxy closes mid-request, then the call fails and close returns', async () => {
    const held = await startFaultProxy(moto.endpoint, { rules: [{ kind: 'hold' }] })
    const sts = new STSClient({
      credentials,
      region: 'us-east-1',
      endpoint: held.endpoint,
      maxAttempts: 1,
    })
    const holding = new Promise<ProxyCall>((resolve) => held.onCall(resolve))

    const call = sts.send(new GetCallerIdentityCommand({}))
    const outcome = rejection(call)
    const { request, ...seen } = await holding
    assert.deepEqual(seen, {
      operation: 'sts:GetCallerIdentity',
      accessKeyId: credentials.accessKeyId,
      fault: 'hold',
    })
    assert.match(request?.toString('utf8') ?? '', /Action=GetCallerIdentity/)
    const started = performance.now()
    await held.close()
    const error = await outcome
    sts.destroy()

    assert.ok(performance.now() - started < 1_000, 'close does not wait for the held request')
    assert.match(`${error.code ?? ''} ${error.message}`, /ECONNRESET|socket hang up/)
    assert.equal(held.forwarded.size, 0)
  })

  test('given a user in moto, when moto is reset, then the user is gone', async () => {
    await aws.iam.send(new CreateUserCommand({ UserName: 'alice' }))

    await moto.reset()

    const error = await rejection(aws.iam.send(new GetUserCommand({ UserName: 'alice' })))
    assert.equal(error.name, 'NoSuchEntityException')
  })

  test('given requests signed by two keys, when they pass the proxy, then each call names its signer', async () => {
    const key = await newKey(aws.iam, 'alice')
    const seen: ProxyCall[] = []
    const stop = proxy.onCall((call) => seen.push(call))
    const theirs = clients(proxy.endpoint, key)

    try {
      await aws.sts.send(new GetCallerIdentityCommand({}))
      await theirs.sts.send(new GetCallerIdentityCommand({}))
    } finally {
      stop()
      theirs.destroy()
    }

    assert.deepEqual(
      seen.map((call) => call.accessKeyId),
      [credentials.accessKeyId, key.accessKeyId],
    )
  })

  test('given a propagation delay, when a new key is used at once and later, then it is unknown until the delay has passed', async () => {
    proxy.setKeyRules({ propagationDelayMs: 600 })
    const key = await newKey(aws.iam, 'alice')
    const created = performance.now()
    const refused: ProxyCall[] = []
    const stop = proxy.onCall((call) => {
      if (call.fault === 'rejected-key') refused.push(call)
    })
    const theirs = clients(proxy.endpoint, key)

    try {
      const early = await rejection(theirs.sts.send(new GetCallerIdentityCommand({})))
      const earlySecrets = await rejection(theirs.sm.send(new ListSecretsCommand({})))
      const admin = await aws.sts.send(new GetCallerIdentityCommand({}))
      await sleep(600 - (performance.now() - created))
      const later = await theirs.sts.send(new GetCallerIdentityCommand({}))

      // Query protocol (STS) answers 403 InvalidClientTokenId; JSON protocol a 400.
      assert.equal(early.name, 'InvalidClientTokenId')
      assert.equal(early.message, 'The security token included in the request is invalid.')
      assert.equal(early.$metadata?.httpStatusCode, 403)
      assert.equal(earlySecrets.name, 'UnrecognizedClientException')
      assert.equal(earlySecrets.$metadata?.httpStatusCode, 400)
      assert.equal(admin.Account, ACCOUNT, 'a key the proxy never saw created is never delayed')
      assert.equal(later.Arn, `arn:aws:iam::${ACCOUNT}:user/alice`)
      assert.deepEqual(
        refused.map((call) => [call.operation, call.accessKeyId, call.status]),
        [
          ['sts:GetCallerIdentity', key.accessKeyId, 403],
          ['secretsmanager:ListSecrets', key.accessKeyId, 400],
        ],
      )
      assert.equal(proxy.forwarded.get('secretsmanager:ListSecrets'), undefined)
      assert.equal(
        proxy.forwarded.get('sts:GetCallerIdentity'),
        2,
        'the admin’s and the later call',
      )
    } finally {
      stop()
      theirs.destroy()
    }
  })

  test('given rejectInactive, when a key is deactivated, reactivated and deleted, then it works only while active', async () => {
    proxy.setKeyRules({ rejectInactive: true })
    const key = await newKey(aws.iam, 'alice')
    const theirs = clients(proxy.endpoint, key)
    const identity = () => theirs.sts.send(new GetCallerIdentityCommand({}))
    const status = (Status: 'Active' | 'Inactive') =>
      aws.iam.send(
        new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.accessKeyId, Status }),
      )

    try {
      const fresh = await identity()
      await status('Inactive')
      const inactive = await rejection(identity())
      const inactiveSecrets = await rejection(theirs.sm.send(new ListSecretsCommand({})))
      await status('Active')
      const reactivated = await identity()
      await aws.iam.send(
        new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.accessKeyId }),
      )
      const deleted = await rejection(identity())

      assert.equal(fresh.Arn, reactivated.Arn)
      assert.equal(inactive.name, 'InvalidClientTokenId')
      assert.equal(inactiveSecrets.name, 'UnrecognizedClientException')
      assert.equal(deleted.name, 'InvalidClientTokenId')
      assert.equal(
        proxy.forwarded.get('sts:GetCallerIdentity'),
        2,
        'refused calls never reach moto',
      )
    } finally {
      theirs.destroy()
    }
  })

  test('given rejectInactive, when a deactivation fails at moto or its answer is lost, then the proxy believes moto', async () => {
    proxy.setKeyRules({ rejectInactive: true })
    const kept = await newKey(aws.iam, 'alice')
    const lost = await newKey(aws.iam, 'bob')
    const deactivate = (UserName: string, AccessKeyId: string) =>
      aws.iam.send(new UpdateAccessKeyCommand({ UserName, AccessKeyId, Status: 'Inactive' }))
    const alice = clients(proxy.endpoint, kept)
    const bob = clients(proxy.endpoint, lost)

    try {
      // moto refuses: the key belongs to another user, so nothing changed.
      const refused = await rejection(deactivate('bob', kept.accessKeyId))
      proxy.setRules([{ kind: 'drop-after', operation: 'iam:UpdateAccessKey' }])
      await rejection(deactivate('bob', lost.accessKeyId))
      proxy.setRules([])
      const stillActive = await alice.sts.send(new GetCallerIdentityCommand({}))
      const deactivated = await rejection(bob.sts.send(new GetCallerIdentityCommand({})))

      assert.equal(refused.$metadata?.httpStatusCode, 404)
      assert.equal(stillActive.Arn, `arn:aws:iam::${ACCOUNT}:user/alice`)
      assert.equal(deactivated.name, 'InvalidClientTokenId')
    } finally {
      alice.destroy()
      bob.destroy()
    }
  })

  test('given rate caps, when a burst exceeds them, then the excess is throttled until tokens refill', async () => {
    proxy.setRateCaps([
      { operation: /^iam:(Create|Update|Delete)/, perSecond: 2 },
      { operation: 'secretsmanager:ListSecrets', perSecond: 1 },
    ])

    const creates = await Promise.allSettled(
      ['a', 'b', 'c', 'd', 'e'].map((name) =>
        aws.iam.send(new CreateUserCommand({ UserName: name })),
      ),
    )
    const sharedBucket = await rejection(aws.iam.send(new DeleteUserCommand({ UserName: 'a' })))
    const list = await aws.iam.send(new ListUsersCommand({}))
    await aws.sm.send(new ListSecretsCommand({}))
    const secrets = await rejection(aws.sm.send(new ListSecretsCommand({})))
    // At 2 per second, one token is back after 500 ms.
    await sleep(550)
    await aws.iam.send(new CreateUserCommand({ UserName: 'f' }))

    const errors = creates.flatMap((r) => (r.status === 'rejected' ? [r.reason as SdkError] : []))
    assert.equal(errors.length, 3, 'the burst is perSecond')
    for (const error of [...errors, sharedBucket]) {
      assert.equal(error.name, 'Throttling')
      assert.equal(error.$metadata?.httpStatusCode, 400)
    }
    assert.equal(
      list.Users?.length,
      2,
      'an uncapped operation passes; throttled ones changed nothing',
    )
    assert.equal(secrets.name, 'ThrottlingException')
    assert.deepEqual(
      new Map(proxy.throttled),
      new Map([
        ['iam:CreateUser', 3],
        ['iam:DeleteUser', 1],
        ['secretsmanager:ListSecrets', 1],
      ]),
    )
    assert.equal(proxy.forwarded.get('iam:CreateUser'), 3)
  })

  test('given a catch-all latency rule and a cap, when called, then every call is delayed and the cap judges it on arrival', async () => {
    proxy.setRules([{ kind: 'latency', delayMs: 100 }])
    proxy.setRateCaps([{ operation: 'sts:GetCallerIdentity', perSecond: 1 }])
    const timed = async (call: () => Promise<unknown>): Promise<[string, number]> => {
      const started = performance.now()
      const outcome = await call().then(
        () => 'ok',
        (error: unknown) => (error as SdkError).name,
      )
      return [outcome, performance.now() - started]
    }

    const calls = [
      await timed(() => aws.sts.send(new GetCallerIdentityCommand({}))),
      await timed(() => aws.sts.send(new GetCallerIdentityCommand({}))),
      await timed(() => aws.iam.send(new ListUsersCommand({}))),
      await timed(() => aws.sm.send(new ListSecretsCommand({}))),
    ]

    assert.deepEqual(
      calls.map(([outcome]) => outcome),
      ['ok', 'Throttling', 'ok', 'ok'],
    )
    for (const [, ms] of calls)
      assert.ok(ms >= 95, `every call is delayed, even a throttled one: ${ms} ms`)
  })

  afterEach(() => {
    proxy.setRules([])
    proxy.setKeyRules({})
    proxy.setRateCaps([])
  })
})
