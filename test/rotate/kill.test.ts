/**
 * A rotation killed after every single AWS call it makes — and, separately, with the answer to
 * that call lost and the process killed before it could look again — then run again. Each time
 * the rotation converges, and at the instant of the kill and after, the invariants hold:
 * the store's current key is an active key of the user that works; no third key was ever asked
 * for; only keys keyward created are gone; no secret appeared anywhere.
 *
 * One rotate run walks the whole cycle here (drain and recovery window of 0s), so every call
 * of a full rotation is a kill point. Each kill point rotates its own user.
 */
import assert from 'node:assert/strict'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { ListAccessKeysCommand } from '@aws-sdk/client-iam'
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { GetParameterCommand } from '@aws-sdk/client-ssm'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { startAccount, type TestAccount } from '../support/account.ts'
import { motoAvailable } from '../support/moto.ts'
import { rotatingUsers } from '../support/rotating-users.ts'

const USERS = 44

for (const [type, ACCOUNT] of [
  ['secretsmanager', '333333333333'],
  ['ssm', '333333333334'],
] as const)
  describe(
    `a rotation killed at every call, its key in ${type}`,
    { skip: !motoAvailable() && 'moto is not installed' },
    () => {
      let a: TestAccount
      let file: string
      before(async () => {
        a = await startAccount(ACCOUNT)
        file = join(a.dir, 'kill.yaml')
        await writeFile(file, rotatingUsers('kill', ACCOUNT, USERS, type))
        const applied = await a.keyward(['apply', file, '--yes'])
        assert.equal(applied.status, 0, applied.stderr)
        // IAM's delay is the lifecycle test's; here every call is a kill point, and waits add none.
        a.proxy.setKeyRules({ rejectInactive: true })
      })
      after(() => a.close())

      const args = (id: string, clock = '+90d') => [
        'rotate',
        file,
        id,
        '--due',
        '--yes',
        '--clock',
        clock,
      ]
      let next = 0
      const user = () => `u${next++}`

      /** The key the store's AWSCURRENT holds, read as a consumer would, and proof it works. */
      async function currentWorks(id: string): Promise<string> {
        const store = `kill-${id}`
        const text =
          type === 'ssm'
            ? (
                await a.ssm.send(
                  new GetParameterCommand({ Name: `/${store}`, WithDecryption: true }),
                )
              ).Parameter?.Value
            : (
                await a.secrets.send(
                  new GetSecretValueCommand({ SecretId: store, VersionStage: 'AWSCURRENT' }),
                )
              ).SecretString
        const fields = JSON.parse(text ?? '{}') as { ID: string; SECRET: string }
        const keys =
          (await a.iam.send(new ListAccessKeysCommand({ UserName: store }))).AccessKeyMetadata ?? []
        const mine = keys.find((k) => k.AccessKeyId === fields.ID)
        assert.equal(
          mine?.Status,
          'Active',
          `${id}: current ${fields.ID} is not an active key of the user`,
        )
        const sts = a.sts({ accessKeyId: fields.ID, secretAccessKey: fields.SECRET })
        try {
          const me = await sts.send(new GetCallerIdentityCommand({}))
          assert.match(me.Arn ?? '', new RegExp(`:user/${store}$`))
        } finally {
          sts.destroy()
        }
        return fields.ID
      }

      async function converged(id: string, original: string): Promise<void> {
        const store = `kill-${id}`
        const keys =
          (await a.iam.send(new ListAccessKeysCommand({ UserName: store }))).AccessKeyMetadata ?? []
        assert.equal(keys.length, 1, `${id}: ${keys.length} keys after convergence`)
        const current = await currentWorks(id)
        assert.notEqual(current, original, `${id}: the key was not rotated`)
        const journal = await a.secrets.send(
          new GetSecretValueCommand({
            SecretId: 'keyward/journal/kill/test',
            VersionStage: 'AWSCURRENT',
          }),
        )
        const records = (
          JSON.parse(journal.SecretString ?? '{}') as { records?: Record<string, string> }
        ).records
        assert.match(records?.[id] ?? '', new RegExp(`^current .* cur=${current}$`))
      }

      let calls = 0
      test('an uninterrupted rotation, to count its calls', async () => {
        const id = user()
        const original = await currentWorks(id)
        a.proxy.resetCounts()
        const done = await a.keyward(args(id))
        assert.equal(done.status, 0, done.stderr)
        calls = a.proxy.total()
        await converged(id, original)
        assert.ok(calls > 8 && calls * 2 < USERS, `${calls} calls: raise USERS`)
      })

      for (const variant of ['before', 'after'] as const) {
        test(`killed ${variant === 'before' ? 'before' : 'just after'} each call, then run again`, async () => {
          const refusedCreates: string[] = []
          const stop = a.proxy.onCall((c) => {
            if (c.operation === 'iam:CreateAccessKey' && (c.status ?? 200) >= 400)
              refusedCreates.push(String(c.status))
          })
          try {
            for (let index = 0; index < calls; index++) {
              const id = user()
              const original = await currentWorks(id)
              // given a rotation whose call number `index` is held (or answered, then the line cut)
              a.proxy.setRules([
                { kind: variant === 'before' ? 'hold' : 'drop-after', after: index, times: 1 },
              ])
              const run = a.spawn(args(id))
              const killed = new Promise<void>((resolve) => {
                const off = a.proxy.onCall((c) => {
                  if (c.fault === undefined) return
                  off()
                  run.child.kill('SIGKILL')
                  resolve()
                })
              })
              await Promise.race([killed, run.ended])
              await run.ended
              a.proxy.setRules([])
              // then at the instant of the kill the store's current key is an active, working key
              const atKill = await currentWorks(id)
              // and a second run finishes the rotation — a day on, once the killed run's pending
              // record is too old to be a run still at work
              const again = await a.keyward(args(id, '+91d'))
              assert.equal(again.status, 0, `kill point ${index}: ${again.stdout}${again.stderr}`)
              await converged(id, original)
              // keeping the new key consumers could already read: deleting it as an orphan would
              // have broken them until the next one was stored
              if (atKill !== original)
                assert.equal(await currentWorks(id), atKill, `kill point ${index}`)
            }
          } finally {
            stop()
          }
          assert.deepEqual(
            refusedCreates,
            [],
            'CreateAccessKey was refused: a third key was asked for',
          )
          a.assertNothingLeaked()
        })
      }
    },
  )
