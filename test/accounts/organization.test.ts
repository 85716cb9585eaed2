/**
 * keyward over an Organization, as a central CI identity runs it: each environment is its own
 * account, reached by assuming role `keyward` there. moto serves every account from one server
 * (started without a pinned account): credentials from sts:AssumeRole on a role ARN act in that
 * role's account, while the CLI's own credentials — unknown to moto — are the central account's.
 * So nothing can land in a member account unless keyward really acted as its role.
 */
import assert from 'node:assert/strict'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { ListAccessKeysCommand, ListUsersCommand } from '@aws-sdk/client-iam'
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import type { StatusResult } from '../../src/analyze/status-result.ts'
import { startAccount, type TestAccount } from '../support/account.ts'
import { motoAvailable } from '../support/moto.ts'
import { CENTRAL_ACCOUNT, memberAccount, type MemberAccount } from '../support/organization.ts'

const A = '111111111111'
const B = '222222222222'

/** The same user, secret and journal names in both accounts: only the account tells them apart. */
const MANIFEST = `version: 1
project: org
environments:
  a:
    account: "${A}"
    region: us-east-1
    assumeRole: { arn: "arn:aws:iam::${A}:role/keyward" }
  b:
    account: "${B}"
    region: us-east-1
    assumeRole: { arn: "arn:aws:iam::${B}:role/keyward", sessionName: ci-rotation }
identities:
  app:
    type: user
    name: org-app
    allow: [{ actions: ["s3:PutObject"], resources: ["arn:aws:s3:::org-\${env}/*"] }]
    key:
      store: { type: secretsmanager, name: org/app }
      format: { ID: "\${key.id}", SECRET: "\${key.secret}" }
`

interface JsonLine {
  readonly type: string
  readonly env?: string
  readonly kind?: string
  readonly act?: string
}

describe(
  'an Organization: one central identity, a role in each account',
  { skip: !motoAvailable() && 'moto is not installed' },
  () => {
    let a: TestAccount
    let file: string
    const members = new Map<string, MemberAccount>()
    before(async () => {
      a = await startAccount(CENTRAL_ACCOUNT, 'us-east-1', 1, { multiAccount: true })
      for (const account of [A, B])
        members.set(account, await memberAccount(a.moto.endpoint, account))
      file = join(a.dir, 'org.yaml')
      await writeFile(file, MANIFEST)
    })
    after(async () => {
      for (const m of members.values()) m.destroy()
      await a.close()
    })

    const member = (account: string) => members.get(account) as MemberAccount
    const usersIn = async (account: string) =>
      ((await member(account).iam.send(new ListUsersCommand({}))).Users ?? []).map((u) => u.Arn)
    const keysIn = async (account: string) =>
      (
        (await member(account).iam.send(new ListAccessKeysCommand({ UserName: 'org-app' })))
          .AccessKeyMetadata ?? []
      ).map((k) => k.AccessKeyId ?? '')
    const storedIn = async (account: string) => {
      const value = await member(account).secrets.send(
        new GetSecretValueCommand({ SecretId: 'org/app', VersionStage: 'AWSCURRENT' }),
      )
      return (JSON.parse(value.SecretString ?? '{}') as { ID?: string }).ID ?? ''
    }

    test('apply reaches each account through its role; plan then has nothing to do', async () => {
      // when each environment is applied, one at a time, with the central credentials
      a.proxy.resetCounts()
      for (const env of ['a', 'b']) {
        const applied = await a.keyward(['apply', file, '--env', env, '--yes'])
        assert.equal(applied.status, 0, applied.stderr)
      }
      // then each account holds its own user, and the central account none
      assert.deepEqual(await usersIn(A), [`arn:aws:iam::${A}:user/org-app`])
      assert.deepEqual(await usersIn(B), [`arn:aws:iam::${B}:user/org-app`])
      const central = (await a.iam.send(new ListUsersCommand({}))).Users ?? []
      assert.deepEqual(central, [])
      // and each key is stored in its own account
      assert.deepEqual(await keysIn(A), [await storedIn(A)])
      assert.deepEqual(await keysIn(B), [await storedIn(B)])
      // through one AssumeRole per run, whatever the number of calls after it
      assert.equal(a.proxy.calls.get('sts:AssumeRole'), 2)

      // and a plan through the role finds the account as the manifest says
      const plan = await a.keyward(['plan', file, '--env', 'a', '--detailed-exitcode'])
      assert.equal(plan.status, 0, plan.stdout + plan.stderr)
      a.assertNothingLeaked()
    })

    test('check and diff --account read the member account through its role', async () => {
      const check = await a.keyward(['check', file, '--account', '--env', 'b'])
      assert.equal(check.status, 0, check.stderr)
      assert.match(check.stdout, new RegExp(`^b \\(${B}\\)$`, 'm'))
      assert.match(check.stdout, /^ {2}app {2}user org-app$/m)
      const diff = await a.keyward(['diff', file, '--account', '--env', 'b'])
      assert.equal(diff.status, 0, diff.stderr)
      assert.match(diff.stdout, /No identity can do anything it could not do before/)
    })

    test('--no-assume-role uses the credentials as they are, and the account is still proven', async () => {
      // given the central credentials, which are not account A's
      const plan = await a.keyward(['plan', file, '--env', 'a', '--no-assume-role'])
      // then nothing is read: the session is refused for being in the wrong account
      assert.equal(plan.status, 2)
      assert.match(
        plan.stderr,
        new RegExp(
          `credentials are for account ${CENTRAL_ACCOUNT}, but the environment is account ${A}`,
        ),
      )
    })

    test('a saved plan remembers the role, and apply of it goes through the role', async () => {
      const saved = join(a.dir, 'b.plan.json')
      const plan = await a.keyward(['plan', file, '--env', 'b', '-out', saved])
      assert.equal(plan.status, 0, plan.stderr)
      const scope = (JSON.parse(await readFile(saved, 'utf8')) as { scope: object }).scope
      assert.deepEqual((scope as { assumeRole?: object }).assumeRole, {
        arn: `arn:aws:iam::${B}:role/keyward`,
        sessionName: 'ci-rotation',
      })
      a.proxy.resetCounts()
      const applied = await a.keyward(['apply', saved, '--yes'])
      assert.equal(applied.status, 0, applied.stderr)
      assert.match(applied.stdout, /Nothing to apply/)
      assert.equal(a.proxy.calls.get('sts:AssumeRole'), 1)
    })

    test('one environment prints as it always did; several are labelled line by line', async () => {
      const one = await a.keyward(['rotate', file, '--env', 'a', '--dry-run', '--clock', '+100d'])
      assert.equal(one.status, 0, one.stderr)
      assert.equal(
        one.stdout,
        '  app: current — due: rotate (create, verify and promote a new key)\n',
      )
      const both = await a.keyward(['rotate', file, '--all-envs', '--dry-run', '--clock', '+100d'])
      assert.equal(both.status, 0, both.stderr)
      assert.deepEqual(both.stdout.split('\n').filter(Boolean), [
        '[a]   app: current — due: rotate (create, verify and promote a new key)',
        '[b]   app: current — due: rotate (create, verify and promote a new key)',
      ])
    })

    test('the confirmation names every environment and its account', async () => {
      let question = ''
      const asked = await a.keyward(['rotate', file, '--all-envs', '--clock', '+100d'], {}, (q) => {
        question = q
        return Promise.resolve('no')
      })
      assert.equal(asked.status, 2)
      assert.equal(
        question,
        `Advance these 2 rotations for org: 1 in a (account ${A}), 1 in b (account ${B})? Only "yes" goes on: `,
      )
      assert.match(asked.stderr, /Rotation cancelled; nothing was changed/)
    })

    test('rotate --due --all-envs rotates both accounts in one run', async () => {
      const before = { a: await storedIn(A), b: await storedIn(B) }
      // when the keys are 100 days old and one run rotates every environment
      const run = await a.keyward([
        'rotate',
        file,
        '--due',
        '--all-envs',
        '--yes',
        '--clock',
        '+100d',
        '-o',
        'json',
      ])
      assert.equal(run.status, 0, run.stderr)
      // then every JSON line says which environment it is about
      const lines = run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as JsonLine)
      assert.ok(lines.length > 0)
      for (const line of lines)
        assert.ok(line.env === 'a' || line.env === 'b', JSON.stringify(line))
      for (const env of ['a', 'b'])
        assert.ok(
          lines.some((l) => l.env === env && l.type === 'rotation' && l.act === 'promoted'),
          `${env} promoted a key`,
        )
      // and each account's store now holds a new key of that account's user, the old one draining
      for (const [account, old] of [
        [A, before.a],
        [B, before.b],
      ] as const) {
        const current = await storedIn(account)
        assert.notEqual(current, old)
        assert.deepEqual((await keysIn(account)).sort(), [old, current].sort())
      }
      // and neither account received the other's key
      assert.ok(!(await keysIn(B)).includes(await storedIn(A)))
      a.assertNothingLeaked()
    })

    test('status --all-envs reads every account through its role, each key where it lives', async () => {
      // when status reads both environments, after the rotation, at the same moved clock
      a.proxy.resetCounts()
      const run = await a.keyward(['status', file, '--all-envs', '--clock', '+100d', '-o', 'json'])
      assert.equal(run.status, 0, run.stderr)
      const result = JSON.parse(run.stdout) as StatusResult
      // then each environment reports its own account, and its user's two keys: the new one
      // current, the old one retiring, both read through that account's role
      assert.deepEqual(
        result.environments.map((e) => [e.environment, e.account]),
        [
          ['a', A],
          ['b', B],
        ],
      )
      for (const [env, account] of [
        ['a', A],
        ['b', B],
      ] as const) {
        const app = result.environments.find((e) => e.environment === env)?.identities[0]
        const stored = await storedIn(account)
        assert.equal(app?.rotation?.state, 'draining')
        assert.deepEqual(
          app.keys.map((k) => [k.key, k.role]).sort(),
          (await keysIn(account))
            .map((id) => [`…${id.slice(-4)}`, id === stored ? 'current' : 'previous'])
            .sort(),
        )
      }
      assert.equal(a.proxy.calls.get('sts:AssumeRole'), 2)
      // and the text names each environment's account in its heading
      const text = await a.keyward(['status', file, '--all-envs', '--clock', '+100d'])
      assert.match(text.stdout, new RegExp(`^org / a · account ${A}`, 'm'))
      assert.match(text.stdout, new RegExp(`^org / b · account ${B}`, 'm'))
      a.assertNothingLeaked()
    })
  },
)
