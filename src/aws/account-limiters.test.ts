import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AccountLimiters } from './account-limiters.ts'
import { writeLimits } from './rate-limit.ts'
import { isKeywardError } from '../errors.ts'

/**
 * A clock that never moves: every request is reserved at instant 0, so when a request would
 * leave is exactly how long the limiter made it wait.
 */
function frozen() {
  let waited = 0
  const clock = {
    now: () => 0,
    sleep: (ms: number) => {
      waited = ms
      return Promise.resolve()
    },
  }
  const leavesAt = async (limiter: { take: (op: string) => Promise<void> }, op: string) => {
    waited = 0
    await limiter.take(op)
    return waited
  }
  return { clock, leavesAt }
}

// 10 IAM writes a second (one every 100 ms) and 50 Secrets Manager writes (one every 20 ms).
const LIMITS = writeLimits(10)

test('two environments in one account take IAM writes from one budget', async () => {
  // given sessions for two environments of account 111122223333, in two regions
  const { clock, leavesAt } = frozen()
  const limiters = new AccountLimiters(LIMITS, clock)
  const dev = limiters.for('111122223333', 'us-east-1')
  const prod = limiters.for('111122223333', 'eu-west-1')
  // when both send IAM writes at the same instant
  const times = [
    await leavesAt(dev, 'iam:CreateAccessKey'),
    await leavesAt(prod, 'iam:CreateAccessKey'),
    await leavesAt(dev, 'iam:DeleteAccessKey'),
    await leavesAt(prod, 'iam:UpdateAccessKey'),
  ]
  // then they leave one interval apart, as one account's writes must
  assert.deepEqual(times, [0, 100, 200, 300])
})

test('regional APIs share a budget only within one account and region', async () => {
  const { clock, leavesAt } = frozen()
  const limiters = new AccountLimiters(LIMITS, clock)
  const east = limiters.for('111122223333', 'us-east-1')
  const eastAgain = limiters.for('111122223333', 'us-east-1')
  const west = limiters.for('111122223333', 'eu-west-1')
  // given two sessions in us-east-1: their Secrets Manager writes are spaced 20 ms apart
  assert.equal(await leavesAt(east, 'secretsmanager:PutSecretValue'), 0)
  assert.equal(await leavesAt(eastAgain, 'secretsmanager:PutSecretValue'), 20)
  // and a session in eu-west-1 of the same account is not held behind them
  assert.equal(await leavesAt(west, 'secretsmanager:PutSecretValue'), 0)
  assert.equal(east, eastAgain)
})

test('accounts do not wait for each other', async () => {
  const { clock, leavesAt } = frozen()
  const limiters = new AccountLimiters(LIMITS, clock)
  const a = limiters.for('111122223333', 'us-east-1')
  const b = limiters.for('444455556666', 'us-east-1')
  assert.equal(await leavesAt(a, 'iam:CreateAccessKey'), 0)
  assert.equal(await leavesAt(b, 'iam:CreateAccessKey'), 0)
  assert.equal(await leavesAt(b, 'secretsmanager:PutSecretValue'), 0)
  assert.equal(await leavesAt(a, 'iam:TagUser'), 100)
  // and what no limit names goes at once everywhere
  assert.equal(await leavesAt(a, 'iam:ListAccessKeys'), 0)
  assert.equal(await leavesAt(a, 'sts:GetCallerIdentity'), 0)
})

test('bad limits are refused when the registry is made, before any session', () => {
  assert.throws(
    () => new AccountLimiters([{ operation: /^iam:/, perSecond: 0 }]),
    (error) => isKeywardError(error) && error.id === 'usage',
  )
})
