/**
 * A whole rotation of tomoda's uploader against moto, through the CLI as a user (or a scheduler)
 * runs it, with keyward's clock moved forward: due at 90 days, drained a day after, deleted
 * after the 7-day recovery window. The fault proxy stands in for what moto lacks — IAM's delay
 * before a new key works, and inactive keys refused — and a consumer reading the store every
 * 100 ms and calling STS with what it finds sees no failure at any point.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { CreateAccessKeyCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam'
import { startAccount, type TestAccount } from '../support/account.ts'
import { motoAvailable } from '../support/moto.ts'

const FILE = 'examples/tomoda.yaml'
const STORE = 'tomoda-s3-uploader-dev'
const USER = 'tomoda-uploader-dev'

interface Consumer {
  readonly calls: () => number
  readonly failures: () => readonly string[]
  readonly keysSeen: () => ReadonlySet<string>
  stop(): Promise<void>
}

/** What an application holding the secret does: read AWSCURRENT, use the key. */
function startConsumer(a: TestAccount): Consumer {
  let calls = 0
  const failures: string[] = []
  const seen = new Set<string>()
  const state = { running: true }
  const loop = (async () => {
    while (state.running) {
      try {
        // moto gap 12: without VersionStage, GetSecretValue may return the old version.
        const value = await a.secrets.send(
          new GetSecretValueCommand({ SecretId: STORE, VersionStage: 'AWSCURRENT' }),
        )
        const fields = JSON.parse(value.SecretString ?? '{}') as Record<string, string>
        const id = fields['AWS_ACCESS_KEY_ID'] ?? ''
        seen.add(id)
        const sts = a.sts({
          accessKeyId: id,
          secretAccessKey: fields['AWS_SECRET_ACCESS_KEY'] ?? '',
        })
        await sts.send(new GetCallerIdentityCommand({}))
        sts.destroy()
        calls++
      } catch (error) {
        failures.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error))
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })()
  return {
    calls: () => calls,
    failures: () => failures,
    keysSeen: () => seen,
    async stop() {
      state.running = false
      await loop
    },
  }
}

describe(
  'a full rotation of the tomoda uploader',
  { skip: !motoAvailable() && 'moto is not installed' },
  () => {
    let a: TestAccount
    before(async () => {
      a = await startAccount('111111111111')
      const applied = await a.keyward(['apply', FILE, '--env', 'dev', '--yes'])
      assert.equal(applied.status, 0, applied.stderr)
      // What moto lacks, from here on: new keys refused for a while, inactive keys refused.
      a.proxy.setKeyRules({ propagationDelayMs: 1500, rejectInactive: true })
    })
    after(() => a.close())

    const keys = async () =>
      (
        (await a.iam.send(new ListAccessKeysCommand({ UserName: USER }))).AccessKeyMetadata ?? []
      ).map((k) => `${k.AccessKeyId ?? ''}:${k.Status ?? ''}`)
    const rotate = (clock: string, ...more: string[]) =>
      a.keyward(['rotate', FILE, '--env', 'dev', 'uploader', '--yes', '--clock', clock, ...more])

    test('walks every state with a consumer running, and never shows a secret', async () => {
      const [first] = await keys()
      const consumer = startConsumer(a)
      try {
        // given a key that is not due yet, when rotate runs, then nothing happens
        const early = await rotate('+10d')
        assert.equal(early.status, 0, early.stderr)
        assert.match(early.stdout, /uploader: current — not due yet/)
        assert.deepEqual(await keys(), [first])

        // when it is 90 days old: created, verified through IAM's delay, then written as current
        const due = await rotate('+90d')
        assert.equal(due.status, 0, due.stderr)
        const order = ['rotation started', 'created', 'IAM does not accept', 'verified', 'promoted']
        const at = order.map((act) => due.stdout.indexOf(act))
        assert.ok(
          at.every((i, n) => i >= 0 && (n === 0 || i > (at[n - 1] ?? 0))),
          `${order.join(', ')} in this order in\n${due.stdout}`,
        )
        assert.match(due.stdout, /uploader: draining — /)
        const during = await keys()
        assert.equal(during.length, 2)
        assert.ok(during.every((k) => k.endsWith(':Active')))

        // when the drain period is over: the old key is deactivated, and refused by "IAM"
        await new Promise((resolve) => setTimeout(resolve, 500))
        const drained = await rotate('+92d')
        assert.equal(drained.status, 0, drained.stderr)
        assert.match(drained.stdout, /deactivated/)
        assert.ok((await keys()).includes(`${first?.split(':')[0] ?? ''}:Inactive`))

        // inside the recovery window nothing more happens; after it, the old key is deleted
        const waiting = await rotate('+95d')
        assert.match(waiting.stdout, /uploader: inactive — /)
        const done = await rotate('+100d')
        assert.equal(done.status, 0, done.stderr)
        assert.match(done.stdout, /deleted .*: the rotation is complete/)
        const after = await keys()
        assert.equal(after.length, 1)
        assert.notEqual(after[0], first)
        // and apply agrees there is nothing to do
        const plan = await a.keyward(['plan', FILE, '--env', 'dev', '--detailed-exitcode'])
        assert.equal(plan.status, 0, plan.stdout)
      } finally {
        await consumer.stop()
      }
      assert.deepEqual(consumer.failures(), [])
      assert.ok(consumer.calls() > 10)
      assert.equal(consumer.keysSeen().size, 2)
      a.assertNothingLeaked()
    })

    test('a key a person made stops the rotation; --adopt retires it instead', async () => {
      const READER = 'tomoda-eso-reader-dev'
      const readerKeys = async () =>
        (
          (await a.iam.send(new ListAccessKeysCommand({ UserName: READER }))).AccessKeyMetadata ??
          []
        ).map((k) => k.AccessKeyId ?? '')
      const [minted] = await readerKeys()
      // given a second key made by hand (its secret is the person's, not keyward's)
      const human = (await a.iam.send(new CreateAccessKeyCommand({ UserName: READER }))).AccessKey
      const humanId = human?.AccessKeyId ?? ''
      const run = (clock: string, ...more: string[]) =>
        a.keyward([
          'rotate',
          FILE,
          '--env',
          'dev',
          'eso-reader',
          '--yes',
          '--clock',
          clock,
          ...more,
        ])
      // when the rotation is due, then it is refused, with what to do, and nothing changes
      const refused = await run('+90d')
      assert.equal(refused.status, 2, refused.stdout)
      assert.match(refused.stdout, /second access key, …\w{4}, that keyward did not make/)
      assert.match(refused.stdout, /--adopt/)
      assert.deepEqual((await readerKeys()).sort(), [minted, humanId].sort())
      // when adopted, the person's key drains, is deactivated, then deleted; keyward's stays
      const adopted = await run('+90d', '--adopt')
      assert.equal(adopted.status, 0, adopted.stderr)
      assert.match(adopted.stdout, /adopted …\w{4}/)
      await run('+92d')
      assert.equal((await run('+100d')).status, 0)
      // the person's key is gone; keyward's own, overdue by now, is then rotated in the same run
      const left = await readerKeys()
      assert.ok(!left.includes(humanId))
      assert.ok(left.includes(minted ?? ''))
      assert.equal(left.length, 2)
    })
  },
)
