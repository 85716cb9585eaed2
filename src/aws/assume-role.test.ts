import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ListUsersCommand } from '@aws-sdk/client-iam'
import { isKeywardError } from '../errors.ts'
import { RENEW_BEFORE_MS, renewingCredentials, type TemporaryCredentials } from './assume-role.ts'
import { DEFAULT_RETRY } from './retry.ts'
import { AwsSession } from './session.ts'

const HOUR = 3_600_000

/** A stand-in for STS: each fetch hands out credentials valid for an hour from `clock.t`. */
function sts(clock: { t: number }) {
  let fetches = 0
  const fetch = (): Promise<TemporaryCredentials> => {
    fetches++
    return Promise.resolve({
      accessKeyId: `ASIA${fetches}`,
      secretAccessKey: 'example',
      sessionToken: 'token',
      expiration: new Date(clock.t + HOUR),
    })
  }
  return { fetch, fetches: () => fetches }
}

test('credentials are kept until shortly before they expire, then renewed', async () => {
  const clock = { t: 0 }
  const source = sts(clock)
  const provider = renewingCredentials(source.fetch, () => clock.t)
  // given credentials fetched at 0, valid for an hour
  assert.equal((await provider()).accessKeyId, 'ASIA1')
  // when asked again well inside the hour, then the same ones come back, without a call
  clock.t = HOUR - RENEW_BEFORE_MS - 1
  assert.equal((await provider()).accessKeyId, 'ASIA1')
  assert.equal(source.fetches(), 1)
  // and once they are within the renewal margin, new ones are fetched
  clock.t = HOUR - RENEW_BEFORE_MS
  assert.equal((await provider()).accessKeyId, 'ASIA2')
  assert.equal(source.fetches(), 2)
})

test('callers arriving together share one AssumeRole; a failure is not kept', async () => {
  const clock = { t: 0 }
  let release: () => void = () => undefined
  let calls = 0
  let fail = true
  const provider = renewingCredentials(
    () =>
      new Promise<TemporaryCredentials>((resolve, reject) => {
        calls++
        release = () =>
          fail
            ? reject(new Error('AccessDenied'))
            : resolve({ accessKeyId: 'ASIA', secretAccessKey: 'x', expiration: new Date(HOUR) })
      }),
    () => clock.t,
  )
  // given four clients asking at once, while the first request is under way
  const first = Promise.allSettled([provider(), provider(), provider(), provider()])
  release()
  // then one request was made, and all four see its failure
  const settled = await first
  assert.equal(calls, 1)
  assert.ok(settled.every((s) => s.status === 'rejected'))
  // and the next caller tries again rather than being handed the old failure
  fail = false
  const again = provider()
  release()
  assert.equal((await again).accessKeyId, 'ASIA')
  assert.equal(calls, 2)
})

test('a role that cannot be reached fails as the role, not as the call that needed it', async () => {
  // given a session that assumes a role through an STS nobody answers on
  const session = new AwsSession({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'example' },
    retry: { ...DEFAULT_RETRY, attempts: 2, sleep: () => Promise.resolve() },
    assumeRole: { arn: 'arn:aws:iam::111122223333:role/keyward', environment: 'prod' },
  })
  // when an IAM call needs credentials
  const error = await session.send(session.iam, new ListUsersCommand({}), 'iam:ListUsers').then(
    () => undefined,
    (e: unknown) => e,
  )
  // then the error names the role and the environment, and is AWS's to answer for
  assert.ok(isKeywardError(error), String(error))
  assert.equal(error.id, 'assume-role-failed')
  assert.equal(error.source, 'aws')
  assert.match(
    error.message,
    /^Could not assume arn:aws:iam::111122223333:role\/keyward for environment prod: /,
  )
  // and AssumeRole was retried by the session's own policy, and counted
  assert.equal(session.calls.get('sts:AssumeRole'), 2)
})
