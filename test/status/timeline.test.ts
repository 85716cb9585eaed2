/**
 * `keyward status` over 120 simulated days of tomoda's dev environment against moto: keyward's
 * clock moves forward (`--clock +Nd`) while `rotate --due` runs as a scheduler would, and at
 * each point status must tell the true age, last use, part and state of every key, when the
 * next step is due, and exactly the CIS findings that hold then — no more, no fewer.
 *
 * moto's own dates (key creation, last use) stay real, as AWS's would: a key made at the start
 * is as old as the moved clock says, and a key keyward rotated in is aged from its own record.
 */
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  ListAccessKeysCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import type { StatusResult } from '../../src/analyze/status-result.ts'
import type { IdentityStatus } from '../../src/model/key-status.ts'
import { startAccount, type TestAccount } from '../support/account.ts'
import { motoAvailable } from '../support/moto.ts'

const FILE = 'examples/tomoda.yaml'
const USER = 'tomoda-uploader-dev'
const STORE = 'tomoda-s3-uploader-dev'
const DAY_MS = 86_400_000

describe(
  'status across 120 days of rotations',
  { skip: !motoAvailable() && 'moto is not installed' },
  () => {
    let a: TestAccount
    let start: number
    before(async () => {
      a = await startAccount('111111111111')
      const applied = await a.keyward(['apply', FILE, '--env', 'dev', '--yes'])
      assert.equal(applied.status, 0, applied.stderr)
      start = Date.now()
    })
    after(() => a.close())

    const status = async (day: number, ...more: string[]) => {
      const out = await a.keyward([
        'status',
        FILE,
        '--env',
        'dev',
        '--clock',
        `+${day}d`,
        '-o',
        'json',
        ...more,
      ])
      assert.equal(out.status, 0, out.stderr)
      const result = JSON.parse(out.stdout) as StatusResult
      const [env] = result.environments
      assert.ok(env !== undefined)
      const uploader = env.identities.find((i) => i.id === 'uploader')
      assert.ok(uploader !== undefined)
      return { result, env, uploader }
    }
    const statusText = (day: number, ...more: string[]) =>
      a.keyward(['status', FILE, '--env', 'dev', '--clock', `+${day}d`, ...more])
    const rotate = async (day: number) => {
      const out = await a.keyward([
        'rotate',
        FILE,
        '--env',
        'dev',
        'uploader',
        '--due',
        '--yes',
        '--clock',
        `+${day}d`,
      ])
      assert.equal(out.status, 0, out.stderr)
      return out.stdout
    }
    const rules = (findings: StatusResult['environments'][number]['findings'], identity: string) =>
      findings
        .filter((f) => f.identity === identity)
        .map((f) => f.id)
        .sort()
    const keyIds = async () =>
      (
        (await a.iam.send(new ListAccessKeysCommand({ UserName: USER }))).AccessKeyMetadata ?? []
      ).map((k) => k.AccessKeyId ?? '')
    const hint = (id: string) => `…${id.slice(-4)}`
    /** The next step's date, in whole days from the start of the timeline. */
    const nextDay = (s: IdentityStatus) => {
      const outcome = s.rotation?.outcome
      assert.ok(outcome?.kind === 'idle', `expected idle, got ${JSON.stringify(outcome)}`)
      assert.ok(outcome.next !== undefined)
      return Math.round((new Date(outcome.next).getTime() - start) / DAY_MS)
    }

    test('walks ages, last use, parts, due dates and CIS findings through a rotation', async () => {
      // Given the key apply minted, and a consumer that signs one request with it today
      const [first = ''] = await keyIds()
      const value = await a.secrets.send(
        new GetSecretValueCommand({ SecretId: STORE, VersionStage: 'AWSCURRENT' }),
      )
      const fields = JSON.parse(value.SecretString ?? '{}') as Record<string, string>
      const sts = a.sts({
        accessKeyId: fields['AWS_ACCESS_KEY_ID'] ?? '',
        secretAccessKey: fields['AWS_SECRET_ACCESS_KEY'] ?? '',
      })
      await sts.send(new GetCallerIdentityCommand({}))
      sts.destroy()

      // Day 0: one current key, new, used today; the first rotation is due at day 90
      let s = await status(0)
      assert.deepEqual(
        s.uploader.keys.map((k) => [k.key, k.role, k.status, k.ageDays, k.unusedDays]),
        [[hint(first), 'current', 'Active', 0, 0]],
      )
      assert.equal(nextDay(s.uploader), 90)
      assert.deepEqual(s.uploader.drift, [])
      assert.deepEqual(s.env.findings, [])

      // Day 30: older, unused for a month, nothing to report yet
      s = await status(30)
      assert.deepEqual(
        s.uploader.keys.map((k) => [k.ageDays, k.unusedDays]),
        [[30, 30]],
      )
      assert.equal(nextDay(s.uploader), 90)
      assert.deepEqual(s.env.findings, [])

      // Day 46: unused for 45 days or more (CIS 2.11); --fail-on decides the exit status
      s = await status(46)
      assert.deepEqual(rules(s.env.findings, 'uploader'), ['KW802'])
      // The ESO reader's key was never used at all: reported from its creation.
      assert.deepEqual(rules(s.env.findings, 'eso-reader'), ['KW802'])
      const failing = await statusText(46, '--fail-on', 'medium')
      assert.equal(failing.status, 4)
      assert.match(
        failing.stdout,
        /KW802 {2}dev\/uploader {2}Access key …\w{4} of tomoda-uploader-dev has not been used for 46 days/,
      )
      const passing = await statusText(46, '--fail-on', 'high')
      assert.equal(passing.status, 0)

      // Day 89: not due, not too old
      s = await status(89)
      assert.equal(s.uploader.rotation?.outcome.kind, 'idle')
      assert.deepEqual(rules(s.env.findings, 'uploader'), ['KW802'])

      // Day 91: too old (CIS 2.12) and due; then the scheduled rotate runs
      s = await status(91)
      assert.deepEqual(rules(s.env.findings, 'uploader'), ['KW801', 'KW802'])
      assert.deepEqual(s.uploader.rotation?.outcome.kind, 'due')
      await rotate(91)
      const second = (await keyIds()).find((id) => id !== first) ?? ''
      s = await status(91)
      assert.equal(s.uploader.rotation?.state, 'draining')
      assert.deepEqual(
        s.uploader.keys
          .map((k) => [k.key, k.role, k.status, k.ageDays])
          .sort((x, y) => String(x[1]).localeCompare(String(y[1]))),
        [
          [hint(second), 'current', 'Active', 0],
          [hint(first), 'previous', 'Active', 91],
        ],
      )
      // The old key is retiring and the pair is a rotation: neither is reported.
      assert.deepEqual(rules(s.env.findings, 'uploader'), [])
      // The drain is watched within hours (consumers refresh hourly) and ends by day 92.
      const drained = nextDay(s.uploader)
      assert.ok(drained >= 91 && drained <= 92, `next step on day ${drained}`)

      // Day 93: drained, so the old key is deactivated; deleted after the 7-day recovery window
      await rotate(93)
      s = await status(93)
      assert.equal(s.uploader.rotation?.state, 'inactive')
      assert.deepEqual(s.uploader.keys.find((k) => k.key === hint(first))?.status, 'Inactive')
      assert.equal(nextDay(s.uploader), 100)
      await rotate(101)

      // Day 120: one key, 29 days old, never used yet; the next rotation is at day 181
      s = await status(120)
      assert.equal(s.uploader.rotation?.state, 'current')
      assert.deepEqual(
        s.uploader.keys.map((k) => [k.key, k.role, k.status, k.ageDays, k.lastUsed, k.unusedDays]),
        [[hint(second), 'current', 'Active', 29, null, 29]],
      )
      assert.equal(nextDay(s.uploader), 181)
      assert.deepEqual(rules(s.env.findings, 'uploader'), [])
      a.assertNothingLeaked()
    })

    test('reports a hand-made key, drift, and at account scope the users keyward does not manage', async () => {
      // Given a second key made by hand on a managed user, a policy edited by hand, and a legacy
      // user with a key in the same account
      await a.iam.send(new CreateAccessKeyCommand({ UserName: USER }))
      await a.iam.send(
        new PutUserPolicyCommand({
          UserName: USER,
          PolicyName: 'keyward',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
          }),
        }),
      )
      await a.iam.send(new CreateUserCommand({ UserName: 'legacy-ci' }))
      await a.iam.send(new CreateAccessKeyCommand({ UserName: 'legacy-ci' }))

      // When status reads the account as a whole, 120 days on
      const s = await status(120, '--account')

      // Then the hand-made key is unmanaged, the pair is not a rotation, the policy is drift; and
      // as moto dates the key today, 120 days before keyward's clock, it is old and unused too
      assert.deepEqual(s.uploader.keys.map((k) => k.role).sort(), ['current', 'unmanaged'])
      assert.deepEqual(rules(s.env.findings, 'uploader'), ['KW801', 'KW802', 'KW803', 'KW804'])
      assert.deepEqual(
        s.uploader.drift.map((d) => [d.op, d.kind]),
        [['update', 'user']],
      )
      // And the legacy user is listed with its key, old and never used, made by nobody keyward knows
      const legacy = s.env.unmanaged?.find((u) => u.user === 'legacy-ci')
      assert.equal(legacy?.keys.length, 1)
      assert.equal(legacy.keys[0]?.ageDays, 120)
      assert.deepEqual(rules(s.env.findings, 'legacy-ci'), ['KW801', 'KW802', 'KW804'])
      assert.equal(
        s.env.findings.find((f) => f.identity === 'legacy-ci' && f.id === 'KW804')?.severity,
        'low',
      )

      // And the text and HTML reports say the same, with no whole key id anywhere
      const text = await a.keyward([
        'status',
        FILE,
        '--env',
        'dev',
        '--clock',
        '+120d',
        '--account',
        '--html',
        join(a.dir, 'status.html'),
      ])
      assert.equal(text.status, 0, text.stderr)
      assert.match(text.stdout, /drift: apply would update user tomoda-uploader-dev/)
      assert.match(text.stdout, /Not managed by this environment: 1 other user, 1 with keys/)
      const html = await readFile(join(a.dir, 'status.html'), 'utf8')
      a.record(html)
      assert.match(html, /<section id="status">/)
      assert.match(html, /legacy-ci/)
      assert.match(html, /KW804/)
      a.assertNothingLeaked()
    })
  },
)
