import { CreateUserCommand, GetUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam'
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

function clients(endpoint: string): Clients {
  // One attempt: the proxy's faults must reach the test, not be absorbed by SDK retries.
  const config = { credentials, region: 'us-east-1', endpoint, maxAttempts: 1 }
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
    assert.deepEqual(await holding, { operation: 'sts:GetCallerIdentity', fault: 'hold' })
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

  afterEach(() => {
    proxy.setRules([])
  })
})
