import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { withRetry, type RetryPolicy } from './retry.ts'

const throttled = Object.assign(new Error('Rate exceeded'), {
  name: 'Throttling',
  $metadata: { httpStatusCode: 400 },
})

function policy(random: () => number, delays: number[]): RetryPolicy {
  return {
    attempts: 6,
    baseMs: 100,
    capMs: 1_000,
    random,
    sleep: (ms) => {
      delays.push(ms)
      return Promise.resolve()
    },
  }
}

test('each wait is drawn below an exponentially growing, capped ceiling (full jitter)', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: 5 }),
      fc.double({ min: 0, max: 0.999, noNaN: true }),
      async (failures, r) => {
        // given a call throttled `failures` times before it succeeds
        let calls = 0
        const delays: number[] = []
        const result = await withRetry(
          'iam:CreateUser',
          () => (++calls <= failures ? Promise.reject(throttled) : Promise.resolve('ok')),
          policy(() => r, delays),
        )
        // then it succeeds after exactly that many waits, each under its ceiling
        assert.equal(result, 'ok')
        assert.equal(delays.length, failures)
        delays.forEach((d, i) => {
          assert.ok(d >= 0 && d < Math.min(1_000, 100 * 2 ** i), `wait ${i}: ${d}`)
        })
      },
    ),
  )
})

test('a call still failing after every attempt fails with its own error', async () => {
  const delays: number[] = []
  let calls = 0
  await assert.rejects(
    withRetry(
      'iam:CreateUser',
      () => (calls++, Promise.reject(throttled)),
      policy(() => 0.5, delays),
    ),
    { name: 'Throttling' },
  )
  assert.equal(calls, 6)
})

test('errors a repeat cannot fix fail at once; a narrower filter retries less', async () => {
  const denied = Object.assign(new Error('no'), {
    name: 'AccessDenied',
    $metadata: { httpStatusCode: 403 },
  })
  let calls = 0
  await assert.rejects(
    withRetry(
      'iam:CreateUser',
      () => (calls++, Promise.reject(denied)),
      policy(() => 0, []),
    ),
  )
  assert.equal(calls, 1)
  const server = Object.assign(new Error('boom'), { $metadata: { httpStatusCode: 500 } })
  calls = 0
  await assert.rejects(
    withRetry(
      'iam:CreateAccessKey',
      () => (calls++, Promise.reject(server)),
      policy(() => 0, []),
      {},
      (e) => e.kind === 'throttled',
    ),
  )
  assert.equal(calls, 1, 'a server error is not retried when only throttling may be')
})
