/**
 * eachEnvironment against moto serving several accounts: every environment connected through its
 * role, accounts at most `parallel` at once, one account's environments together and on one
 * rate limiter — measured on the limiter's own clock, not the wall's.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { AccountLimiters } from '../../src/aws/account-limiters.ts'
import { writeLimits } from '../../src/aws/rate-limit.ts'
import { eachEnvironment, eachEnvironmentWith } from '../../src/cli/accounts.ts'
import type { Io } from '../../src/cli/io.ts'
import { isKeywardError } from '../../src/errors.ts'
import { loadManifest } from '../../src/manifest/load.ts'
import type { ResolvedEnvironment } from '../../src/model/resolved.ts'
import { ADMIN, startAccount, type TestAccount } from '../support/account.ts'
import { motoAvailable } from '../support/moto.ts'
import { CENTRAL_ACCOUNT } from '../support/organization.ts'

const A = '111111111111'
const B = '222222222222'

// moto lets a role be assumed whether or not it exists, so these need no setup in the accounts.
const MANIFEST = `version: 1
project: limits
environments:
  x: { account: "${A}", region: us-east-1, assumeRole: { arn: "arn:aws:iam::${A}:role/keyward" } }
  y: { account: "${A}", region: eu-west-1, assumeRole: { arn: "arn:aws:iam::${A}:role/keyward" } }
  z: { account: "${B}", region: us-east-1, assumeRole: { arn: "arn:aws:iam::${B}:role/keyward" } }
  w: { account: "444444444444", region: us-east-1 }
identities: {}
`

/** A client that answers at once: what is measured is when the limiter lets a request go. */
const INSTANT = { send: () => Promise.resolve({}) }

describe(
  'eachEnvironment over several accounts',
  { skip: !motoAvailable() && 'moto is not installed' },
  () => {
    let a: TestAccount
    let io: Io
    const env: Record<string, ResolvedEnvironment> = {}
    before(async () => {
      a = await startAccount(CENTRAL_ACCOUNT, 'us-east-1', 1, { multiAccount: true })
      io = {
        stdout: () => undefined,
        stderr: () => undefined,
        readFile: () => Promise.resolve(''),
        writeFile: () => Promise.resolve(),
        readStdin: () => Promise.resolve(''),
        color: false,
        env: {
          AWS_ACCESS_KEY_ID: ADMIN.accessKeyId,
          AWS_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
          AWS_ENDPOINT_URL: a.proxy.endpoint,
        },
      }
      const loaded = await loadManifest({ file: 'limits.yaml', text: MANIFEST })
      assert.equal(loaded.kind, 'valid')
      for (const [name, e] of loaded.manifest.environments) env[name] = e
    })
    after(() => a.close())
    const envs = (...names: string[]) => names.map((n) => env[n] as ResolvedEnvironment)

    test('environments of one account take their turns from one limiter', async () => {
      // given a limiter clock that never moves, so each wait is how far back a request was put
      const waits: number[] = []
      const limiters = new AccountLimiters(writeLimits(10), {
        now: () => 0,
        sleep: (ms) => {
          waits.push(ms)
          return Promise.resolve()
        },
      })
      // when x and y (account A, two regions) and z (account B) each send three IAM writes and
      // one Secrets Manager write
      const runs = await eachEnvironmentWith(
        {},
        io,
        envs('x', 'y', 'z'),
        { limiters },
        async (_, session) => {
          for (let i = 0; i < 3; i++) await session.attempt(INSTANT, {}, 'iam:TagUser')
          await session.attempt(INSTANT, {}, 'secretsmanager:PutSecretValue')
          return session.calls.get('sts:AssumeRole')
        },
      )
      // then each environment reached its account through its role
      assert.deepEqual(
        runs.map((r) => (r.kind === 'done' ? r.value : r.error)),
        [1, 1, 1],
      )
      // and A's six IAM writes were spaced as one account's (100 ms apart), B's three apart
      // from them; no Secrets Manager write waited, as x and y are in different regions
      assert.deepEqual(
        waits.sort((p, q) => p - q),
        [100, 100, 200, 200, 300, 400, 500],
      )
    })

    test('at most `parallel` accounts at once; one environment failing stops no other', async () => {
      const running = new Map<string, number>()
      let mostAccounts = 0
      let mostEnvironments = 0
      const work = async (e: ResolvedEnvironment) => {
        const account = e.environment.account
        running.set(account, (running.get(account) ?? 0) + 1)
        mostAccounts = Math.max(mostAccounts, running.size)
        mostEnvironments = Math.max(
          mostEnvironments,
          [...running.values()].reduce((s, n) => s + n),
        )
        await new Promise((resolve) => setTimeout(resolve, 200))
        const left = (running.get(account) ?? 1) - 1
        if (left === 0) running.delete(account)
        else running.set(account, left)
        if (e.environment.name === 'y') throw new Error('y fails')
        return e.environment.name
      }
      // given w, whose account the central credentials are not and which names no role
      const runs = await eachEnvironment({}, io, envs('z', 'x', 'w', 'y'), { parallel: 1 }, work)
      // then results come in the order asked, each environment's own
      assert.deepEqual(
        runs.map((r) => `${r.env.environment.name}:${r.kind}`),
        ['z:done', 'x:done', 'w:failed', 'y:failed'],
      )
      const w = runs[2]
      assert.ok(w?.kind === 'failed' && isKeywardError(w.error) && w.error.id === 'wrong-account')
      // and one account ran at a time, its environments together
      assert.equal(mostAccounts, 1)
      assert.equal(mostEnvironments, 2)

      // and with room for more, accounts run side by side
      mostAccounts = 0
      await eachEnvironment({}, io, envs('x', 'z'), {}, work)
      assert.equal(mostAccounts, 2)
    })
  },
)
