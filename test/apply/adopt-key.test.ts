/**
 * Adopting a store keeps the key it holds: Terraform made the users, their keys and the stores
 * holding them, and the first apply of a manifest saying `adopt: true` must recreate nothing and
 * keep every access key id — reading each store once to learn which key it holds — while a store
 * whose content does not match the format still gets a key minted into it. Then keyward owns
 * those keys: later plans change nothing, and rotation starts from the kept key.
 */
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  ListUserTagsCommand,
} from '@aws-sdk/client-iam'
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
} from '@aws-sdk/client-secrets-manager'
import { GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm'
import assert from 'node:assert/strict'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Op, Plan } from '../../src/plan/plan.ts'
import { ADMIN, startAccount, type TestAccount } from '../support/account.ts'
import { accessKeys, parameterTags, secretTags } from '../support/inspect.ts'
import { motoAvailable } from '../support/moto.ts'

const MANIFEST = `version: 1
project: example
environments:
  dev: { account: '111111111111', region: us-east-1 }
identities:
  uploader:
    type: user
    name: example-uploader
    adopt: true
    allow:
      - actions: [s3:PutObject]
        resources: ['arn:\${partition}:s3:::amzn-s3-demo-bucket/*']
    key:
      store: { type: secretsmanager, name: example/uploader }
      format:
        AWS_ACCESS_KEY_ID: \${key.id}
        AWS_SECRET_ACCESS_KEY: \${key.secret}
        S3_BUCKET: amzn-s3-demo-bucket
      rotation: { every: 90d, drain: 0s, deactivateFor: 0s }
  signer:
    type: user
    name: example-signer
    adopt: true
    key:
      store: { type: ssm, name: /example/signer/secret-access-key }
      format: \${key.secret}
      rotation: { every: never, drain: 0s, deactivateFor: 0s }
  legacy:
    type: user
    name: example-legacy
    adopt: true
    key:
      store: { type: secretsmanager, name: example/legacy }
`
const PARAMETER = '/example/signer/secret-access-key'
/** What the plan reads only for stores being adopted. */
const ADOPTION_READS = [
  'secretsmanager:GetSecretValue',
  'ssm:GetParameter',
  'iam:ListAccessKeys',
  'sts:GetCallerIdentity',
]

const changes = (plan: Plan): Op[] => plan.ops.filter((op) => op.op !== 'no-op')
const summary = (plan: Plan) => changes(plan).map((op) => `${op.op} ${op.kind} ${op.name}`)

describe(
  'adopting stores Terraform wrote keeps their keys',
  { skip: !motoAvailable() && 'moto is not installed' },
  () => {
    let a: TestAccount
    let file: string
    /** Each user's one key, as Terraform made it. */
    const made = new Map<string, string>()

    const plan = async (): Promise<{ plan: Plan; reads: Record<string, number> }> => {
      a.proxy.resetCounts()
      const out = await a.keyward(['plan', file, '-o', 'json'])
      assert.equal(out.status, 0, out.stderr)
      const reads = Object.fromEntries(ADOPTION_READS.map((op) => [op, a.proxy.calls.get(op) ?? 0]))
      return { plan: JSON.parse(out.stdout) as Plan, reads }
    }
    const keyTag = (tags: Readonly<Record<string, string>> | undefined) => tags?.['keyward:key-id']

    before(async () => {
      a = await startAccount('111111111111')
      file = join(a.dir, 'keyward.yaml')
      await writeFile(file, MANIFEST)
      // Through the proxy, as keyward's own calls go: the keys Terraform makes are then among
      // those assertNothingLeaked looks for.
      const terraform = new IAMClient({
        region: a.region,
        endpoint: a.proxy.endpoint,
        credentials: ADMIN,
      })
      const key = async (user: string) => {
        await terraform.send(new CreateUserCommand({ UserName: user }))
        const created = await terraform.send(new CreateAccessKeyCommand({ UserName: user }))
        const id = created.AccessKey?.AccessKeyId ?? ''
        made.set(user, id)
        return { id, secret: created.AccessKey?.SecretAccessKey ?? '' }
      }
      try {
        const uploader = await key('example-uploader')
        await a.secrets.send(
          new CreateSecretCommand({
            Name: 'example/uploader',
            SecretString: JSON.stringify({
              AWS_ACCESS_KEY_ID: uploader.id,
              AWS_SECRET_ACCESS_KEY: uploader.secret,
              S3_BUCKET: 'amzn-s3-demo-bucket',
            }),
            Tags: [{ Key: 'managed-by', Value: 'terraform' }],
          }),
        )
        const signer = await key('example-signer')
        await a.ssm.send(
          new PutParameterCommand({ Name: PARAMETER, Type: 'SecureString', Value: signer.secret }),
        )
        const legacy = await key('example-legacy')
        await a.secrets.send(
          new CreateSecretCommand({
            Name: 'example/legacy',
            SecretString: JSON.stringify({ access_key: legacy.id, secret_key: legacy.secret }),
          }),
        )
      } finally {
        terraform.destroy()
      }
    })
    after(() => a.close())

    test('the plan adopts each store holding a key, and mints only where the content does not match', async () => {
      // when planning the manifest that adopts them all
      const { plan: first, reads } = await plan()
      // then nothing is created, and the two stores holding their user's key keep it
      assert.deepEqual(summary(first), [
        'adopt user example-uploader',
        'adopt user example-signer',
        'adopt user example-legacy',
        'adopt secret example/uploader',
        'adopt parameter /example/signer/secret-access-key',
        'mint secret example/legacy',
      ])
      const op = (name: string) => changes(first).find((o) => o.name === name)
      const hint = (user: string) => `…${(made.get(user) ?? '').slice(-4)}`
      assert.equal(
        op('example/uploader')?.note,
        `keeps key ${hint('example-uploader')} (already in the store)`,
      )
      assert.equal(
        op(PARAMETER)?.note,
        `keeps key ${hint('example-signer')} (already in the store)`,
      )
      assert.deepEqual(
        op('example/uploader')?.steps.map((s) => s.kind),
        ['record-key', 'tag-secret', 'untag-secret'],
      )
      assert.ok(!JSON.stringify(first).includes('mint-key","user":"example-uploader'))
      assert.equal(
        op('example/legacy')?.note,
        'the store’s content does not match the format (it lacks the fields "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"): a new key is written in it',
      )
      // and the text says so
      const text = await a.keyward(['plan', file, '-out', join(a.dir, 'plan.json')])
      assert.match(text.stdout, /\[~\] secret +example\/uploader \(adopted/)
      assert.match(
        text.stdout,
        new RegExp(`keeps key ${hint('example-uploader')} \\(already in the store\\)`),
      )
      assert.match(text.stdout, /Plan: 5 to adopt, 1 key to mint/)

      // and each adopted store was read once: the two values holding a key, and the legacy one;
      // the users' keys listed for the two whose content matched; and the signer's one key tried
      // with STS (besides the account check every run makes)
      assert.deepEqual(reads, {
        'secretsmanager:GetSecretValue': 3, // the journal, example/uploader, example/legacy
        'ssm:GetParameter': 2, // the registry, the signer's parameter
        'iam:ListAccessKeys': 2,
        'sts:GetCallerIdentity': 2,
      })
      a.assertNothingLeaked()
    })

    test('applying the saved plan keeps every key id, and records the kept keys as keyward’s', async () => {
      const before = {
        uploader: await accessKeys(a, 'example-uploader'),
        signer: await accessKeys(a, 'example-signer'),
      }
      // the plan saved for review: the account read again must find the same keys held
      const applied = await a.keyward(['apply', join(a.dir, 'plan.json'), '--yes'])
      assert.equal(applied.status, 0, `${applied.stdout}${applied.stderr}`)
      // the users keep exactly the keys they had
      assert.deepEqual(await accessKeys(a, 'example-uploader'), before.uploader)
      assert.deepEqual(await accessKeys(a, 'example-signer'), before.signer)
      // recorded as a mint records its key: on the user and on the store
      const uploaderKey = made.get('example-uploader')
      const signerKey = made.get('example-signer')
      const user = await a.iam.send(new ListUserTagsCommand({ UserName: 'example-uploader' }))
      assert.equal(user.Tags?.find((t) => t.Key === 'keyward:key-id')?.Value, uploaderKey)
      assert.equal(keyTag((await secretTags(a)).get('example/uploader')), uploaderKey)
      assert.equal(keyTag((await parameterTags(a)).get(PARAMETER)), signerKey)
      // the signer's value is labelled with its key, as a rollback looks it up
      const labelled = await a.ssm.send(
        new GetParameterCommand({ Name: `${PARAMETER}:${signerKey ?? ''}`, WithDecryption: true }),
      )
      assert.ok(labelled.Parameter?.Value !== undefined)
      // the store Terraform wrote is untouched: its value is still the one Terraform wrote
      const value = await a.secrets.send(
        new GetSecretValueCommand({ SecretId: 'example/uploader', VersionStage: 'AWSCURRENT' }),
      )
      assert.equal(
        (JSON.parse(value.SecretString ?? '{}') as Record<string, string>)['AWS_ACCESS_KEY_ID'],
        uploaderKey,
      )
      // and the legacy store got a key minted into it, in the format; Terraform's key is left be
      const legacy = await accessKeys(a, 'example-legacy')
      assert.equal(legacy.length, 2)
      assert.ok(legacy.includes(made.get('example-legacy') ?? ''))
      const minted = await a.secrets.send(
        new GetSecretValueCommand({ SecretId: 'example/legacy', VersionStage: 'AWSCURRENT' }),
      )
      const fields = JSON.parse(minted.SecretString ?? '{}') as Record<string, string>
      assert.deepEqual(Object.keys(fields).sort(), ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'])
      assert.notEqual(fields['AWS_ACCESS_KEY_ID'], made.get('example-legacy'))
      a.assertNothingLeaked()
    })

    test('a second plan is all no-ops, and reads no store', async () => {
      const { plan: again, reads } = await plan()
      assert.deepEqual(summary(again), [])
      assert.deepEqual(reads, {
        'secretsmanager:GetSecretValue': 1, // the journal
        'ssm:GetParameter': 1, // the registry
        'iam:ListAccessKeys': 0,
        'sts:GetCallerIdentity': 1, // the account check
      })
      a.assertNothingLeaked()
    })

    test('rotate --now rotates from the kept key', async () => {
      const kept = made.get('example-uploader')
      const rotated = await a.keyward(['rotate', file, 'uploader', 'signer', '--now', '--yes'])
      assert.equal(rotated.status, 0, `${rotated.stdout}${rotated.stderr}`)
      // from the key Terraform made, the kept one
      assert.match(
        rotated.stdout,
        new RegExp(`uploader: rotation started: .*current key …${(kept ?? '').slice(-4)}`),
      )
      // each user has one key again, a new one, and its store names it
      const [uploaderKey, ...more] = await accessKeys(a, 'example-uploader')
      assert.deepEqual(more, [])
      assert.ok(uploaderKey !== undefined && uploaderKey !== kept)
      const stages = await a.secrets.send(
        new DescribeSecretCommand({ SecretId: 'example/uploader' }),
      )
      assert.ok(
        stages.VersionIdsToStages?.[`keyward-access-key-${uploaderKey}`]?.includes('AWSCURRENT'),
      )
      const [signerKey, ...others] = await accessKeys(a, 'example-signer')
      assert.deepEqual(others, [])
      assert.notEqual(signerKey, made.get('example-signer'))
      assert.equal(keyTag((await parameterTags(a)).get(PARAMETER)), signerKey)
      // and a plan still has nothing to do
      const { plan: after } = await plan()
      assert.deepEqual(summary(after), [])
      a.assertNothingLeaked()
    })
  },
)
