/**
 * What real AWS does and moto does not: throttling, server errors, answers lost after the change
 * was made, and a keyward process killed in the middle of minting. Each comes from the fault
 * proxy; each run must end with the account as the manifest says — no duplicate resources, one
 * key per user, the key in the store the one that works — and no secret shown.
 */
import { ListPolicyVersionsCommand } from '@aws-sdk/client-iam'
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager'
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Plan } from '../../src/plan/plan.ts'
import { verifyAccount } from '../../src/aws/account.ts'
import { DEFAULT_RETRY } from '../../src/aws/retry.ts'
import { AwsSession } from '../../src/aws/session.ts'
import { ADMIN, startAccount, type TestAccount } from '../support/account.ts'
import { environment, example, identity } from '../support/examples.ts'
import type { FaultRule } from '../support/fault-proxy.ts'
import { accessKeys, iamDetails, storedKey, whoAmI } from '../support/inspect.ts'
import { motoAvailable } from '../support/moto.ts'

const skip = !motoAvailable() && 'moto is not installed'
const USER = 'nullplatform-main-build-workflow-user'

/** Applies until it succeeds, as an operator would after a failure; returns how many runs. */
async function converge(a: TestAccount, args: string[], runs: number): Promise<number> {
  for (let run = 1; run <= runs; run++) {
    const result = await a.keyward(['apply', ...args, '--yes'])
    if (result.status === 0) return run
    assert.equal(result.status, 3, `only AWS failures are expected:\n${result.stderr}`)
  }
  assert.fail(`apply did not converge in ${runs} runs`)
}

async function noChanges(a: TestAccount, args: string[]): Promise<void> {
  a.proxy.setRules([])
  const planned = await a.keyward(['plan', ...args, '-o', 'json'])
  assert.equal(planned.status, 0, planned.stderr)
  const plan = JSON.parse(planned.stdout) as Plan
  assert.deepEqual(
    plan.ops.filter((op) => op.op !== 'no-op').map((op) => `${op.op} ${op.kind} ${op.name}`),
    [],
  )
}

/** The seed's resources exist once each, and its user has exactly the one key its store holds. */
async function exactlyOnce(a: TestAccount): Promise<void> {
  const env = environment(await example('nullplatform'), 'production')
  const user = identity(env, 'build-workflow-user', 'user')
  const details = await iamDetails(a)
  assert.equal(details.UserDetailList?.length, 1)
  assert.equal(details.GroupDetailList?.length, 1)
  assert.equal(details.RoleDetailList?.length, 1)
  assert.equal(details.Policies?.length, 2)
  for (const p of details.Policies ?? []) {
    const versions = await a.iam.send(new ListPolicyVersionsCommand({ PolicyArn: p.Arn }))
    assert.equal(versions.Versions?.length, 1, `${p.PolicyName} has one version`)
  }
  const secrets = await a.secrets.send(new ListSecretsCommand({}))
  assert.equal(secrets.SecretList?.length, 1)
  const key = await storedKey(a, user)
  assert.deepEqual(await accessKeys(a, user.name), [key.accessKeyId])
  assert.equal(await whoAmI(a, key), user.arn)
}

describe('apply under injected faults', { skip }, () => {
  const args = ['examples/nullplatform.yaml']
  let a: TestAccount
  before(async () => {
    a = await startAccount('333333333333', 'us-east-1', 20261121)
  })
  after(() => a.close())

  test('30% throttling and 10% server errors: apply converges, nothing twice', async () => {
    // given every call throttled 30% of the time, and 10% answered with a 500 or 503
    const rules: FaultRule[] = [
      { kind: 'throttle', probability: 0.3 },
      { kind: 'server-error', probability: 0.1 / 0.7 },
      { kind: 'server-error', status: 503, probability: 0.02 },
    ]
    a.proxy.setRules(rules)
    // when applying
    const runs = await converge(a, args, 3)
    // then it got there (retrying, visibly), and everything exists exactly once
    const faulted = a.proxy.total() - [...a.proxy.forwarded.values()].reduce((x, y) => x + y, 0)
    assert.ok(faulted > 10, `faults were injected (${faulted})`)
    assert.ok(runs <= 3)
    await noChanges(a, args)
    await exactlyOnce(a)
  })

  test('answers lost after the change was made: a repeat finds it done', async () => {
    // given a fresh account where 20% of writes happen but their answer never arrives
    await a.moto.reset()
    a.proxy.setRules([
      // CreateAccessKey among them for certain: the one call that must never simply be repeated.
      { kind: 'drop-after', operation: 'iam:CreateAccessKey', times: 1 },
      {
        kind: 'drop-after',
        operation: /:(Create|Put|Update|Attach|Add|Tag|Untag|Delete|Restore)/,
        probability: 0.2,
      },
    ])
    // when applying until done
    await converge(a, args, 4)
    // then no resource and no key exists twice: the key whose answer was lost is gone
    const lost = a.created.at(-2)
    assert.ok(lost !== undefined && !(await accessKeys(a, USER)).includes(lost))
    await noChanges(a, args)
    await exactlyOnce(a)
  })

  test('a request that never answers times out, and is tried again', async () => {
    // given the next GetCallerIdentity held forever, and a session that waits half a second
    a.proxy.setRules([{ kind: 'hold', operation: 'sts:GetCallerIdentity', times: 1 }])
    a.proxy.resetCounts()
    const session = new AwsSession({
      region: 'us-east-1',
      endpoint: a.proxy.endpoint,
      credentials: ADMIN,
      timeouts: { connect: 1_000, request: 500 },
      retry: { ...DEFAULT_RETRY, baseMs: 10 },
    })
    // when the account is checked, then the second try answers
    const identity = await verifyAccount(session, '333333333333')
    assert.equal(identity.account, '333333333333')
    assert.equal(a.proxy.calls.get('sts:GetCallerIdentity'), 2)
    a.proxy.setRules([])
  })

  test('nothing secret was shown', () => a.assertNothingLeaked())
})

/**
 * keyward killed at each point of a mint. The proxy holds the chosen request forever; the test
 * kills the process the moment it is held, then applies again with no faults.
 */
describe('a mint cut short by a killed process', { skip }, () => {
  let a: TestAccount
  let file: string
  before(async () => {
    a = await startAccount('111111111111', 'us-east-1')
    file = join(a.dir, 'keyward.yaml')
    // Only the uploader, so each step of interest happens once.
    const seed = readFileSync('examples/tomoda.yaml', 'utf8')
    writeFileSync(file, seed.slice(0, seed.indexOf('  eso-reader:')))
  })
  after(() => a.close())

  const uploader = async () =>
    identity(environment(await example('tomoda'), 'dev'), 'uploader', 'user')

  async function killAt(rule: FaultRule): Promise<void> {
    a.proxy.setRules([rule])
    const held = new Promise<void>((resolve) => {
      const stop = a.proxy.onCall((call) => {
        if (call.fault === 'hold') {
          stop()
          resolve()
        }
      })
    })
    const { child, ended } = a.spawn(['apply', file, '--env', 'dev', '--yes'])
    await held
    child.kill('SIGKILL')
    const result = await ended
    assert.notEqual(result.status, 0)
    a.proxy.setRules([])
  }

  test('killed between CreateAccessKey and the store write: the orphan key is deleted', async () => {
    await killAt({ kind: 'hold', operation: 'secretsmanager:PutSecretValue' })
    const user = await uploader()
    const orphan = a.created.at(-1)
    assert.deepEqual(await accessKeys(a, user.name), [orphan], 'the key exists, its secret lost')
    // when applying again
    const plan = await a.keyward(['plan', file, '--env', 'dev'])
    assert.match(plan.stdout, /finishing a mint that was cut short/)
    const applied = await a.keyward(['apply', file, '--env', 'dev', '--yes'])
    assert.equal(applied.status, 0, applied.stderr)
    assert.match(applied.stdout, /deleted key …\w{4}, left by a mint that was cut short/)
    // then the orphan is gone and the one key left is the stored one
    const key = await storedKey(a, user)
    assert.notEqual(key.accessKeyId, orphan)
    assert.deepEqual(await accessKeys(a, user.name), [key.accessKeyId])
    assert.equal(await whoAmI(a, key), user.arn)
  })

  test('killed after the store write, before the key was recorded: the stored key is kept', async () => {
    // given a store whose format changed, so a new key replaces the recorded one
    const user = await uploader()
    const old = (await storedKey(a, user)).accessKeyId
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('S3_REGION: ${region}', 'S3_AREA: ${region}'),
    )
    await killAt({ kind: 'hold', operation: 'iam:TagUser' })
    const stored = a.created.at(-1)
    assert.deepEqual((await accessKeys(a, user.name)).sort(), [old, stored].sort())
    // then consumers already read the new key, which works
    assert.equal((await storedKey(a, user)).accessKeyId, stored)
    // when applying again, then the stored key is kept — deleting it would break its readers —
    // and the old one goes
    const applied = await a.keyward(['apply', file, '--env', 'dev', '--yes'])
    assert.equal(applied.status, 0, applied.stderr)
    const key = await storedKey(a, user)
    assert.equal(key.accessKeyId, stored)
    assert.deepEqual(await accessKeys(a, user.name), [stored])
    assert.equal(await whoAmI(a, key), user.arn)
  })

  test('killed after the key was recorded: the next run only finishes the cleanup', async () => {
    const user = await uploader()
    const old = (await storedKey(a, user)).accessKeyId
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('S3_AREA: ${region}', 'S3_ZONE: ${region}'),
    )
    // The first TagResource records the intent; the second settles the store after the mint.
    await killAt({ kind: 'hold', operation: 'secretsmanager:TagResource', after: 1 })
    const minted = a.created.at(-1)
    const applied = await a.keyward(['apply', file, '--env', 'dev', '--yes'])
    assert.equal(applied.status, 0, applied.stderr)
    assert.match(applied.stdout, /was stored by an earlier run; finishing its cleanup/)
    const key = await storedKey(a, user)
    assert.equal(key.accessKeyId, minted, 'the key minted before the crash is kept')
    assert.deepEqual(await accessKeys(a, user.name), [minted])
    assert.notEqual(minted, old)
    assert.equal(await whoAmI(a, key), user.arn)
    await noChanges(a, [file, '--env', 'dev'])
  })

  test('nothing secret was shown', () => a.assertNothingLeaked())
})
