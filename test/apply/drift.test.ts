/**
 * What the account says against what the manifest says, after people changed one or the other:
 * out-of-band edits show as drift and are undone, a broadened policy is flagged, a plan file
 * made before a change is refused, the wrong account is refused, resources keyward did not make
 * are left alone unless adopted, and deletions wait for --allow-delete.
 */
import {
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAttachedUserPoliciesCommand,
  ListUserPoliciesCommand,
  PutUserPolicyCommand,
  TagUserCommand,
} from '@aws-sdk/client-iam'
import { DescribeSecretCommand, GetResourcePolicyCommand } from '@aws-sdk/client-secrets-manager'
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Op, Plan } from '../../src/plan/plan.ts'
import { startAccount, type TestAccount } from '../support/account.ts'
import { accessKeys } from '../support/inspect.ts'
import { motoAvailable } from '../support/moto.ts'

const SEED = readFileSync('examples/tomoda.yaml', 'utf8')
const UPLOADER = 'tomoda-uploader-dev'
const READER = 'tomoda-eso-reader-dev'

const changes = (plan: Plan): Op[] => plan.ops.filter((op) => op.op !== 'no-op')
const summary = (plan: Plan) => changes(plan).map((op) => `${op.op} ${op.kind} ${op.name}`)

describe(
  'drift, staleness, ownership and deletion',
  { skip: !motoAvailable() && 'moto is not installed' },
  () => {
    let a: TestAccount
    let file: string
    const plan = async (...args: string[]) => {
      const out = await a.keyward(['plan', file, '--env', 'dev', '-o', 'json', ...args])
      assert.equal(out.status, 0, out.stderr)
      return JSON.parse(out.stdout) as Plan
    }

    before(async () => {
      a = await startAccount('111111111111')
      file = join(a.dir, 'keyward.yaml')
      writeFileSync(file, SEED)
      const applied = await a.keyward(['apply', file, '--env', 'dev', '--yes'])
      assert.equal(applied.status, 0, applied.stderr)
    })
    after(() => a.close())

    test('policies edited out of band show as drift, and apply puts them back', async () => {
      // given someone widened the uploader's policy, attached another and added an inline one
      await a.iam.send(
        new PutUserPolicyCommand({
          UserName: UPLOADER,
          PolicyName: 'keyward',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
          }),
        }),
      )
      const created = await a.iam.send(
        new CreatePolicyCommand({
          PolicyName: 'handmade',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
          }),
        }),
      )
      await a.iam.send(
        new AttachUserPolicyCommand({ UserName: UPLOADER, PolicyArn: created.Policy?.Arn }),
      )
      await a.iam.send(
        new PutUserPolicyCommand({
          UserName: UPLOADER,
          PolicyName: 'debugging',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }],
          }),
        }),
      )
      // when planning
      const drifted = await plan()
      // then the uploader is an update, with each edit as a property diff
      assert.deepEqual(summary(drifted), [`update user ${UPLOADER}`])
      const op = changes(drifted)[0]
      assert.ok(op)
      assert.deepEqual(
        op.diffs.map((d) => d.property),
        ['inline policy keyward', 'inline policy debugging', 'managed policies'],
      )
      assert.equal(op.broadens, undefined, 'undoing drift only narrows')
      const text = await a.keyward(['plan', file, '--env', 'dev'])
      assert.match(text.stdout, /\[~\] user +tomoda-uploader-dev/)
      assert.match(text.stdout, /- +"s3:\*"/)
      assert.match(text.stdout, /\+ +"s3:PutObject"/)
      // and applying restores the manifest's grants exactly
      assert.equal((await a.keyward(['apply', file, '--env', 'dev', '--yes'])).status, 0)
      const inline = await a.iam.send(new ListUserPoliciesCommand({ UserName: UPLOADER }))
      assert.deepEqual(inline.PolicyNames, ['keyward'])
      const attached = await a.iam.send(new ListAttachedUserPoliciesCommand({ UserName: UPLOADER }))
      assert.deepEqual(attached.AttachedPolicies, [])
      const document = await a.iam.send(
        new GetUserPolicyCommand({ UserName: UPLOADER, PolicyName: 'keyward' }),
      )
      assert.match(decodeURIComponent(document.PolicyDocument ?? ''), /s3:PutObjectAcl/)
      assert.deepEqual(summary(await plan()), [])
    })

    test('a manifest change that lets an identity do more is flagged', async () => {
      writeFileSync(
        file,
        SEED.replace(
          '[s3:PutObject, s3:PutObjectAcl]',
          '[s3:PutObject, s3:PutObjectAcl, s3:PutObjectTagging]',
        ),
      )
      const widened = await plan()
      const op = changes(widened)[0]
      assert.equal(op?.op, 'update')
      assert.ok(
        op.broadens?.added.some((a) => a.startsWith('s3:PutObjectTagging')),
        JSON.stringify(op.broadens),
      )
      const text = await a.keyward(['plan', file, '--env', 'dev'])
      assert.match(text.stdout, /⚠ broadens permissions: s3:PutObjectTagging/)
      writeFileSync(file, SEED)
    })

    test('--detailed-exitcode says whether there are changes, as Terraform does', async () => {
      assert.equal(
        (await a.keyward(['plan', file, '--env', 'dev', '--detailed-exitcode'])).status,
        0,
      )
      writeFileSync(file, SEED.replace('tags: { owner: backend }', 'tags: { owner: platform }'))
      assert.equal(
        (await a.keyward(['plan', file, '--env', 'dev', '--detailed-exitcode'])).status,
        2,
      )
      const broken = await a.keyward(['plan', join(a.dir, 'missing.yaml'), '--detailed-exitcode'])
      assert.equal(broken.status, 1)
      writeFileSync(file, SEED)
    })

    test('a saved plan is refused once the account changed, and applied exactly otherwise', async () => {
      // given a plan saved for a tag change
      writeFileSync(file, SEED.replace('tags: { owner: backend }', 'tags: { owner: platform }'))
      const saved = join(a.dir, 'plan.json')
      const planned = await a.keyward(['plan', file, '--env', 'dev', '-out', saved])
      assert.equal(planned.status, 0, planned.stderr)
      assert.match(planned.stdout, /Saved the plan to .*plan\.json/)
      // when someone changes a resource the plan covers, then applying the plan is refused
      await a.iam.send(
        new TagUserCommand({ UserName: UPLOADER, Tags: [{ Key: 'team', Value: 'x' }] }),
      )
      const stale = await a.keyward(['apply', saved, '--yes'])
      assert.equal(stale.status, 2)
      assert.match(stale.stderr, /The account changed since .*plan\.json was made/)
      // given a fresh plan, when only an unrelated user appears, then the plan still applies
      assert.equal((await a.keyward(['plan', file, '--env', 'dev', '-out', saved])).status, 0)
      await a.iam.send(new CreateUserCommand({ UserName: 'someone-else' }))
      const applied = await a.keyward(['apply', saved, '--yes'])
      assert.equal(applied.status, 0, applied.stderr)
      assert.deepEqual(summary(await plan()), [])
      writeFileSync(file, SEED)
      assert.equal((await a.keyward(['apply', file, '--env', 'dev', '--yes'])).status, 0)
      // and options that a saved plan already decided are refused
      const mixed = await a.keyward(['apply', saved, '--yes', '--allow-delete'])
      assert.equal(mixed.status, 2)
      assert.match(mixed.stderr, /is a saved plan/)
    })

    test('credentials for another account are refused before anything is read', async () => {
      const prod = await a.keyward(['plan', file, '--env', 'prod'])
      assert.equal(prod.status, 2)
      assert.match(
        prod.stderr,
        /credentials are for account 111111111111, but the environment is account 222222222222/,
      )
      const before = a.proxy.total()
      const applied = await a.keyward(['apply', file, '--env', 'prod', '--yes'])
      assert.equal(applied.status, 2)
      assert.equal(a.proxy.total() - before, 1, 'only GetCallerIdentity was called')
      // unless, against an emulator on this machine, the mismatch is allowed explicitly
      const local = await a.keyward(['plan', file, '--env', 'prod', '--allow-local-account'])
      assert.equal(local.status, 0, local.stderr)
    })

    test('readers of a secret become its resource policy, read back only when it changes', async () => {
      // given the uploader's secret limited to one reader
      const readers = SEED.replace(
        'tags: { owner: backend }',
        "tags: { owner: backend }\n        readers: ['arn:${partition}:iam::${account}:user/tomoda-eso-reader-${env}']",
      )
      writeFileSync(file, readers)
      assert.deepEqual(summary(await plan()), ['update secret tomoda-s3-uploader-dev'])
      assert.equal((await a.keyward(['apply', file, '--env', 'dev', '--yes'])).status, 0)
      const policy = await a.secrets.send(
        new GetResourcePolicyCommand({ SecretId: 'tomoda-s3-uploader-dev' }),
      )
      assert.match(policy.ResourcePolicy ?? '', /tomoda-eso-reader-dev/)
      // then a plan finds nothing to do, without reading the policy back
      a.proxy.resetCounts()
      assert.deepEqual(summary(await plan()), [])
      assert.equal(a.proxy.calls.get('secretsmanager:GetResourcePolicy'), undefined)
      // and dropping the readers removes the policy keyward set
      writeFileSync(file, SEED)
      assert.deepEqual(summary(await plan()), ['update secret tomoda-s3-uploader-dev'])
      assert.equal((await a.keyward(['apply', file, '--env', 'dev', '--yes'])).status, 0)
      assert.deepEqual(summary(await plan()), [])
    })

    test('a resource keyward did not create is a conflict until adopted', async () => {
      // given a user with a declared name that someone made by hand
      await a.iam.send(new CreateUserCommand({ UserName: 'tomoda-publisher-dev' }))
      const declared = `${SEED}
  publisher:
    type: user
    name: tomoda-publisher-\${env}
`
      writeFileSync(file, declared)
      const conflicted = await plan()
      assert.equal(conflicted.conflicts.length, 1)
      assert.match(conflicted.conflicts[0]?.message ?? '', /keyward did not create it/)
      const refused = await a.keyward(['apply', file, '--env', 'dev', '--yes'])
      assert.equal(refused.status, 2)
      assert.match(refused.stderr, /conflict/)
      // when the manifest says to adopt it, then it is taken over and tagged
      writeFileSync(file, `${declared}    adopt: true\n`)
      assert.deepEqual(summary(await plan()), ['adopt user tomoda-publisher-dev'])
      assert.equal((await a.keyward(['apply', file, '--env', 'dev', '--yes'])).status, 0)
      const user = await a.iam.send(new GetUserCommand({ UserName: 'tomoda-publisher-dev' }))
      assert.ok(user.User?.Tags?.some((t) => t.Key === 'keyward:id' && t.Value === 'publisher'))
      assert.deepEqual(summary(await plan()), [])
    })

    test('removing an identity deletes it only with --allow-delete', async () => {
      // given the reader removed from the manifest
      const start = SEED.indexOf('  eso-reader:')
      writeFileSync(file, SEED.slice(0, start))
      const held = await plan()
      assert.deepEqual(summary(held), [
        `delete secret tomoda-eso-reader-dev`,
        `delete user ${READER}`,
        'delete user tomoda-publisher-dev',
      ])
      assert.ok(changes(held).every((op) => op.blocked === 'needs --allow-delete'))
      const skipped = await a.keyward(['apply', file, '--env', 'dev', '--yes'])
      assert.equal(skipped.status, 0)
      assert.equal((await accessKeys(a, READER)).length, 1)
      // when deletion is allowed, then the user goes with its key, and its secret is scheduled
      const deleted = await a.keyward(['apply', file, '--env', 'dev', '--yes', '--allow-delete'])
      assert.equal(deleted.status, 0, deleted.stderr)
      await assert.rejects(a.iam.send(new GetUserCommand({ UserName: READER })), {
        name: 'NoSuchEntityException',
      })
      const secret = await a.secrets.send(
        new DescribeSecretCommand({ SecretId: 'tomoda-eso-reader-dev' }),
      )
      assert.ok(secret.DeletedDate !== undefined, 'scheduled for deletion with its recovery window')
      assert.deepEqual(summary(await plan('--allow-delete')), [])
    })

    test('nothing secret was shown', () => a.assertNothingLeaked())
  },
)
