/**
 * Two rotate runs of one environment at once — a cron job overlapping a person at a terminal.
 * The journal's compare-and-swap stops one of them at its next write, and a pending rotation the
 * other recorded is left to it; neither takes the other's key for an orphan or asks for a third.
 */
import assert from 'node:assert/strict'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { ListAccessKeysCommand } from '@aws-sdk/client-iam'
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { startAccount, type TestAccount } from '../support/account.ts'
import { motoAvailable } from '../support/moto.ts'
import { rotatingUsers } from '../support/rotating-users.ts'

const USERS = 6
const ACCOUNT = '555555555555'

describe('two rotations at once', { skip: !motoAvailable() && 'moto is not installed' }, () => {
  let a: TestAccount
  let file: string
  before(async () => {
    a = await startAccount(ACCOUNT)
    file = join(a.dir, 'both.yaml')
    await writeFile(file, rotatingUsers('both', ACCOUNT, USERS))
    const applied = await a.keyward(['apply', file, '--yes'])
    assert.equal(applied.status, 0, applied.stderr)
  })
  after(() => a.close())

  const keysOf = async (i: number) =>
    (
      (await a.iam.send(new ListAccessKeysCommand({ UserName: `both-u${i}` }))).AccessKeyMetadata ??
      []
    ).map((k) => `${k.AccessKeyId ?? ''}:${k.Status ?? ''}`)
  const storeKey = async (i: number) => {
    const value = await a.secrets.send(
      new GetSecretValueCommand({ SecretId: `both-u${i}`, VersionStage: 'AWSCURRENT' }),
    )
    return (JSON.parse(value.SecretString ?? '{}') as { ID?: string }).ID ?? ''
  }

  test('one stops or waits, the keys stay whole, and a later run finishes', async () => {
    const before = await Promise.all(Array.from({ length: USERS }, (_, i) => storeKey(i)))
    const refusedCreates: number[] = []
    const stop = a.proxy.onCall((c) => {
      if (c.operation === 'iam:CreateAccessKey' && (c.status ?? 200) >= 400)
        refusedCreates.push(c.status ?? 0)
    })
    try {
      // when two runs start together
      const args = ['rotate', file, '--due', '--yes', '--clock', '+90d', '--concurrency', '2']
      const [first, second] = await Promise.all([a.spawn(args).ended, a.spawn(args).ended])
      const outcomes = [first, second].map((r) => `${r.status}: ${r.stdout}${r.stderr}`)
      // then at least one went through, and the other stopped at the journal or left the
      // other's rotations alone
      assert.ok(
        [first, second].some((r) => r.status === 0),
        outcomes.join('\n---\n'),
      )
      for (const r of [first, second]) {
        if (r.status === 0) continue
        assert.equal(r.status, 2, outcomes.join('\n---\n'))
        assert.match(`${r.stdout}${r.stderr}`, /Another run changed the rotation journal/)
      }
      // and every store holds an active key of its user, with never more than two keys
      for (let i = 0; i < USERS; i++) {
        const keys = await keysOf(i)
        assert.ok(keys.length <= 2)
        assert.ok(keys.includes(`${await storeKey(i)}:Active`), `u${i}: ${keys.join(', ')}`)
      }
      // when a later run comes, then every rotation is complete: one key, not the old one
      const later = await a.keyward(['rotate', file, '--due', '--yes', '--clock', '+91d'])
      assert.equal(later.status, 0, `${later.stdout}${later.stderr}`)
      for (let i = 0; i < USERS; i++) {
        const [only, ...rest] = await keysOf(i)
        assert.deepEqual(rest, [], `u${i}`)
        assert.equal(only, `${await storeKey(i)}:Active`)
        assert.notEqual(await storeKey(i), before[i])
      }
    } finally {
      stop()
    }
    assert.deepEqual(refusedCreates, [], 'CreateAccessKey was refused: a third key was asked for')
    a.assertNothingLeaked()
  })
})
