/**
 * What apply reports as it works: with `-o json`, one JSON object per line — the plan, then each
 * change as it starts and finishes, with a mint's progress naming keys by four characters — so
 * that CI can follow it; without a terminal, apply refuses to go on unasked; and credentials
 * come from the standard chain or a named profile.
 */
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { ApplyEvent } from '../../src/plan/apply-events.ts'
import { ADMIN, startAccount, type TestAccount } from '../support/account.ts'
import { motoAvailable } from '../support/moto.ts'

const FILE = 'examples/ssm-generated-key.yaml'

describe(
  'apply events and confirmation',
  { skip: !motoAvailable() && 'moto is not installed' },
  () => {
    let a: TestAccount
    before(async () => {
      a = await startAccount('444444444444', 'eu-central-1')
    })
    after(() => a.close())

    test('without --yes and without a terminal, apply changes nothing', async () => {
      const refused = await a.keyward(['apply', FILE])
      assert.equal(refused.status, 2)
      assert.match(refused.stderr, /nobody is at a terminal to confirm/)
      assert.match(refused.stderr, /pass --yes/)
      assert.equal(a.proxy.calls.get('iam:CreateUser'), undefined)
    })

    test('a person at a terminal is asked, and anything but "yes" cancels', async () => {
      const asked: string[] = []
      const declined = await a.keyward(['apply', FILE], {}, (question) => {
        asked.push(question)
        return Promise.resolve('y')
      })
      assert.equal(declined.status, 2)
      assert.match(
        asked[0] ?? '',
        /Apply these changes to signer \/ default in account 444444444444\?/,
      )
      assert.match(declined.stderr, /Apply cancelled; nothing was changed/)
      assert.equal(a.proxy.calls.get('iam:CreateUser'), undefined)
    })

    test('-o json prints the plan, then every change as it happens, one object per line', async () => {
      const applied = await a.keyward(['apply', FILE, '--yes', '-o', 'json'])
      assert.equal(applied.status, 0, applied.stderr)
      const events = applied.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as ApplyEvent | { type: 'plan' })
      assert.equal(events[0]?.type, 'plan')
      assert.equal(events[1]?.type, 'start')
      const last = events.at(-1)
      assert.ok(last?.type === 'done' && last.failed === 0 && last.applied > 0)
      const done = events.filter((e) => e.type === 'op-done')
      assert.equal(done.length, events.filter((e) => e.type === 'op-start').length)
      const notes = events.flatMap((e) => (e.type === 'note' ? [e.detail] : []))
      assert.ok(
        notes.some((n) => /^created key …[A-Z0-9]{4}$/.test(n)),
        notes.join('\n'),
      )
      assert.ok(notes.some((n) => /^stored key …[A-Z0-9]{4} in \/signer-/.test(n)))
    })

    test('credentials come from a named profile with --profile', async () => {
      // given a credentials file with a profile, and no keys in the environment
      const file = join(a.dir, 'credentials')
      writeFileSync(
        file,
        `[keyward-test]\naws_access_key_id = ${ADMIN.accessKeyId}\naws_secret_access_key = ${ADMIN.secretAccessKey}\n`,
      )
      const env = {
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_PROFILE: undefined,
        AWS_SHARED_CREDENTIALS_FILE: file,
        AWS_CONFIG_FILE: join(a.dir, 'no-config'),
      }
      // when planning with the profile, then it reads the account
      const planned = await a.spawn(['plan', FILE, '--profile', 'keyward-test'], env).ended
      assert.equal(planned.status, 0, planned.stderr)
      assert.match(planned.stdout, /No changes/)
      // and without any credentials it says what to do
      const none = await a.spawn(['plan', FILE, '--profile', 'nobody'], env).ended
      assert.equal(none.status, 2, none.stderr)
      assert.match(none.stderr, /No AWS credentials were found/)
      assert.match(none.stderr, /--profile NAME/)
    })

    test('nothing secret was shown', () => a.assertNothingLeaked())
  },
)
