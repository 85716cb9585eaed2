/**
 * A role keyward may not assume. moto assumes any role ARN, existing or not, unless IAM
 * enforcement is on; with it on, it refuses an AssumeRole the caller's policies do not allow with
 * the AccessDenied AWS gives for every such case (no such role, a trust that does not name the
 * caller, a wrong external id). So: a central CI user allowed to assume account A's role only,
 * enforcement on, and an environment in account B.
 */
import assert from 'node:assert/strict'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager'
import type { StatusResult } from '../../src/analyze/status-result.ts'
import { startAccount, type TestAccount } from '../support/account.ts'
import { motoAvailable } from '../support/moto.ts'
import { CENTRAL_ACCOUNT, memberAccount, type MemberAccount } from '../support/organization.ts'

const A = '111111111111'
const B = '222222222222'

const MANIFEST = `version: 1
project: org
environments:
  a: { account: "${A}", region: us-east-1, assumeRole: { arn: "arn:aws:iam::${A}:role/keyward" } }
  b: { account: "${B}", region: us-east-1, assumeRole: { arn: "arn:aws:iam::${B}:role/keyward" } }
identities:
  app:
    type: user
    name: org-app
    allow: [{ actions: ["s3:PutObject"], resources: ["arn:aws:s3:::org-\${env}/*"] }]
    key:
      store: { type: secretsmanager, name: org/app }
`

async function enforce(a: TestAccount, on: boolean): Promise<void> {
  const response = await fetch(`${a.moto.endpoint}/moto-api/reset-auth`, {
    method: 'POST',
    body: on ? '0' : 'inf',
  })
  assert.equal(response.status, 200)
}

describe(
  'a role that cannot be assumed',
  { skip: !motoAvailable() && 'moto is not installed' },
  () => {
    let a: TestAccount
    let file: string
    let ci: Record<string, string>
    let memberA: MemberAccount
    let memberB: MemberAccount
    before(async () => {
      a = await startAccount(CENTRAL_ACCOUNT, 'us-east-1', 1, { multiAccount: true })
      memberA = await memberAccount(a.moto.endpoint, A)
      // Account B exists (the test can act in it) but lets nobody in as `keyward` from outside.
      memberB = await memberAccount(a.moto.endpoint, B)
      file = join(a.dir, 'org.yaml')
      await writeFile(file, MANIFEST)
      // given a CI user in the central account that may assume A's role and nothing else
      await a.iam.send(new CreateUserCommand({ UserName: 'ci' }))
      await a.iam.send(
        new PutUserPolicyCommand({
          UserName: 'ci',
          PolicyName: 'assume',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: memberA.roleArn }],
          }),
        }),
      )
      const key = (await a.iam.send(new CreateAccessKeyCommand({ UserName: 'ci' }))).AccessKey
      ci = {
        AWS_ACCESS_KEY_ID: key?.AccessKeyId ?? '',
        AWS_SECRET_ACCESS_KEY: key?.SecretAccessKey ?? '',
      }
      await enforce(a, true)
      const applied = await a.keyward(['apply', file, '--env', 'a', '--yes'], ci)
      assert.equal(applied.status, 0, applied.stderr)
    })
    after(async () => {
      await enforce(a, false)
      memberA.destroy()
      memberB.destroy()
      await a.close()
    })

    const nothingIn = async (member: MemberAccount) => {
      await enforce(a, false)
      try {
        assert.deepEqual((await member.iam.send(new ListUsersCommand({}))).Users ?? [], [])
        assert.deepEqual(
          (await member.secrets.send(new ListSecretsCommand({}))).SecretList ?? [],
          [],
        )
      } finally {
        await enforce(a, true)
      }
    }

    test('apply stops before reading anything, naming the role and the environment', async () => {
      a.proxy.resetCounts()
      const applied = await a.keyward(['apply', file, '--env', 'b', '--yes'], ci)
      // then it is the user's to fix, with what to check
      assert.equal(applied.status, 2, applied.stderr)
      assert.match(
        applied.stderr,
        new RegExp(
          `^keyward: Could not assume arn:aws:iam::${B}:role/keyward for environment b: AccessDenied: `,
        ),
      )
      assert.match(applied.stderr, /hint: The role must exist in account 222222222222 and trust/)
      // and the refused AssumeRole was the only request: not retried, nothing read or written
      assert.deepEqual(Object.fromEntries(a.proxy.calls), { 'sts:AssumeRole': 1 })
      await nothingIn(memberB)
      a.assertNothingLeaked()
    })

    test('rotate over both environments rotates A, reports B, and exits with B’s status', async () => {
      const run = await a.keyward(
        ['rotate', file, '--all-envs', '--due', '--yes', '--clock', '+100d', '-o', 'json'],
        ci,
      )
      assert.equal(run.status, 2, run.stderr)
      const lines = run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string; env?: string; act?: string; message?: string })
      // then A's key was rotated
      assert.ok(
        lines.some((l) => l.env === 'a' && l.act === 'promoted'),
        run.stdout,
      )
      // and B's failure is a line of its own, and on standard error with its environment
      const [failed, ...more] = lines.filter((l) => l.type === 'failed')
      assert.deepEqual(more, [])
      assert.equal(failed?.env, 'b')
      assert.match(
        failed.message ?? '',
        /^Could not assume arn:aws:iam::222222222222:role\/keyward/,
      )
      assert.match(run.stderr, /^\[b\] keyward: Could not assume /m)
      await nothingIn(memberB)
      a.assertNothingLeaked()
    })

    test('status over both environments reports A, names B as not read, and exits with B’s status', async () => {
      const run = await a.keyward(['status', file, '--all-envs', '-o', 'json'], ci)
      assert.equal(run.status, 2, run.stderr)
      const result = JSON.parse(run.stdout) as StatusResult
      assert.deepEqual(
        result.environments.map((e) => e.environment),
        ['a'],
      )
      assert.equal(result.environments[0]?.identities[0]?.keys.length, 2)
      const [failed, ...more] = result.failed ?? []
      assert.deepEqual(more, [])
      assert.equal(failed?.environment, 'b')
      assert.match(failed.message, /^Could not assume arn:aws:iam::222222222222/)
      assert.match(run.stderr, /^\[b\] keyward: Could not assume /m)
      a.assertNothingLeaked()
    })
  },
)
