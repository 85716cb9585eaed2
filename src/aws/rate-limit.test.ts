import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { isKeywardError } from '../errors.ts'
import { RateLimiter, type RateLimit } from './rate-limit.ts'
import { DEFAULT_RETRY } from './retry.ts'
import { AwsSession } from './session.ts'

const IAM_WRITES = /^iam:(Create|Update|Delete|Tag|Untag)/

/** A clock that only moves when the test moves it; `sendAt` is when a request would leave. */
function harness(limits: readonly RateLimit[]) {
  const clock = { t: 0, slept: 0 }
  const limiter = new RateLimiter(limits, {
    now: () => clock.t,
    sleep: (ms) => {
      clock.slept = ms
      return Promise.resolve()
    },
  })
  const sendAt = async (operation: string): Promise<number> => {
    clock.slept = 0
    await limiter.take(operation)
    return clock.t + clock.slept
  }
  return { clock, sendAt }
}

test('without a burst, requests that arrive together leave one interval apart', async () => {
  // given 10 per second, no burst, and five requests at the same instant
  const { sendAt } = harness([{ operation: IAM_WRITES, perSecond: 10 }])
  const times: number[] = []
  for (let i = 0; i < 5; i++) times.push(await sendAt('iam:CreateAccessKey'))
  // then they leave 100 ms apart, first come first served
  assert.deepEqual(times, [0, 100, 200, 300, 400])
})

test('a burst lets that many go at once, then the rate holds', async () => {
  const { sendAt } = harness([{ operation: IAM_WRITES, perSecond: 10, burst: 3 }])
  const times: number[] = []
  for (let i = 0; i < 5; i++) times.push(await sendAt('iam:TagUser'))
  assert.deepEqual(times, [0, 0, 0, 100, 200])
})

test('after a quiet spell the burst is there again, and never more than the burst', async () => {
  const { clock, sendAt } = harness([{ operation: IAM_WRITES, perSecond: 10, burst: 2 }])
  for (let i = 0; i < 4; i++) await sendAt('iam:TagUser')
  // when the limit has been idle for a minute
  clock.t = 60_000
  const times: number[] = []
  for (let i = 0; i < 4; i++) times.push(await sendAt('iam:TagUser'))
  assert.deepEqual(times, [60_000, 60_000, 60_100, 60_200])
})

test('operations no limit names go at once; a string names one operation exactly', async () => {
  const { sendAt } = harness([
    { operation: IAM_WRITES, perSecond: 1 },
    { operation: 'secretsmanager:PutSecretValue', perSecond: 1 },
  ])
  await sendAt('iam:CreateAccessKey')
  await sendAt('secretsmanager:PutSecretValue')
  // then reads, and writes of other APIs, are not held behind them
  assert.equal(await sendAt('iam:ListAccessKeys'), 0)
  assert.equal(await sendAt('secretsmanager:TagResource'), 0)
  assert.equal(await sendAt('sts:GetCallerIdentity'), 0)
  // while the limited ones wait their turn
  assert.equal(await sendAt('iam:DeleteAccessKey'), 1000)
  assert.equal(await sendAt('secretsmanager:PutSecretValue'), 1000)
})

test('the first limit that names an operation applies to it, and only that one', async () => {
  const { sendAt } = harness([
    { operation: 'iam:CreateAccessKey', perSecond: 1 },
    { operation: /^iam:/, perSecond: 100 },
  ])
  assert.equal(await sendAt('iam:CreateAccessKey'), 0)
  // when a second create waits a second for its own limit
  assert.equal(await sendAt('iam:CreateAccessKey'), 1000)
  // then the broad limit holds no slot for it: other IAM calls go at the broad rate meanwhile
  assert.equal(await sendAt('iam:TagUser'), 0)
  assert.equal(await sendAt('iam:TagUser'), 10)
})

test('no window ever holds more requests than the burst plus the rate allows', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 50 }),
      fc.integer({ min: 1, max: 5 }),
      fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 60 }),
      async (perSecond, burst, gaps) => {
        // given requests arriving with arbitrary gaps
        const { clock, sendAt } = harness([{ operation: IAM_WRITES, perSecond, burst }])
        const sent: number[] = []
        for (const gap of gaps) {
          clock.t += gap
          const at = await sendAt('iam:TagUser')
          // then none leaves before it arrived, nor out of order
          assert.ok(at >= clock.t)
          assert.ok(sent.length === 0 || at >= (sent.at(-1) ?? 0))
          sent.push(at)
        }
        // and every window of w ms starting at a send holds at most burst + w·rate of them
        const interval = 1000 / perSecond
        for (let i = 0; i < sent.length; i++) {
          for (let j = i; j < sent.length; j++) {
            const width = (sent[j] ?? 0) - (sent[i] ?? 0)
            assert.ok(j - i + 1 <= burst + Math.floor(width / interval + 1e-9))
          }
        }
      },
    ),
  )
})

test('a limit without a positive rate or a whole burst is refused', () => {
  for (const limit of [
    { operation: 'iam:TagUser', perSecond: 0 },
    { operation: 'iam:TagUser', perSecond: Infinity },
    { operation: 'iam:TagUser', perSecond: 5, burst: 0 },
    { operation: 'iam:TagUser', perSecond: 5, burst: 1.5 },
  ]) {
    assert.throws(
      () => new RateLimiter([limit]),
      (error) => isKeywardError(error) && error.id === 'usage',
    )
  }
})

test('a session with limits spaces its requests, retries included; without, it does not', async () => {
  const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'example' }
  const sentAt: number[] = []
  let refuse = 1
  // A client that throttles its first request, then answers at once.
  const client = {
    send: () => {
      sentAt.push(performance.now())
      return refuse-- > 0
        ? Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }))
        : Promise.resolve({})
    },
  }
  const retry = { ...DEFAULT_RETRY, sleep: () => Promise.resolve() }
  // given 20 a second (one every 50 ms) for TagUser
  const limited = new AwsSession({
    region: 'us-east-1',
    credentials,
    retry,
    rateLimits: [{ operation: 'iam:TagUser', perSecond: 20 }],
  })
  // when three calls start together, the first throttled once
  await Promise.all([1, 2, 3].map(() => limited.attempt(client, {}, 'iam:TagUser')))
  // then the four requests (a retry is a request) left about 50 ms apart, and all are counted
  assert.equal(limited.calls.get('iam:TagUser'), 4)
  const span = (sentAt.at(-1) ?? 0) - (sentAt[0] ?? 0)
  assert.ok(span >= 140, `4 requests over ${span.toFixed(0)} ms`)

  // and a session without limits sends at once
  sentAt.length = 0
  const free = new AwsSession({ region: 'us-east-1', credentials, retry })
  await Promise.all([1, 2, 3].map(() => free.attempt(client, {}, 'iam:TagUser')))
  assert.ok((sentAt.at(-1) ?? 0) - (sentAt[0] ?? 0) < 40)
})
