/**
 * The Lambda runner as AWS would run it: `npm run build:runner` packs a manifest into a zip,
 * Python's zipfile (not ours) extracts it, and the extracted index.mjs's handler runs in a
 * Node process of its own with only what the Lambda runtime would give it — credentials,
 * AWS_REGION — plus the endpoint of the fault proxy in front of moto and keyward's clock moved
 * forward. No node_modules is in reach of the bundle: it must carry everything, the IAM catalog
 * included.
 */
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, before, describe, test } from 'node:test'
import { ListAccessKeysCommand } from '@aws-sdk/client-iam'
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { ADMIN, startAccount, type TestAccount } from '../support/account.ts'
import { motoAvailable } from '../support/moto.ts'

const ACCOUNT = '555566667777'
const REGION = 'eu-west-1'
const USER = 'runner-deployer-dev'
const STORE = 'runner-deployer-dev'

const manifest = (account: string, region: string) => `version: 1
project: runner
environments:
  dev:
    account: '${account}'
    region: ${region}
  prod:
    account: '888899990000'
    region: ${region}
identities:
  deployer:
    type: user
    name: runner-deployer-\${env}
    allow:
      - actions: [s3:GetObject]
        resources: ['arn:\${partition}:s3:::runner-artifacts-\${env}/*']
    key:
      store:
        type: secretsmanager
        name: runner-deployer-\${env}
      rotation: { every: 90d, verify: true, drain: 1d, deactivateFor: 7d }
`

/** What the Lambda runtime does with the handler, reduced to one line of JSON on stdout. */
const DRIVER = `
const { handler } = await import(process.argv[1])
try {
  console.log(JSON.stringify({ result: await handler(JSON.parse(process.argv[2])) }))
} catch (error) {
  const { name, id, source, message } = error
  console.log(JSON.stringify({ error: { name, id, source, message } }))
  process.exitCode = 1
}
`

interface Summary {
  readonly environments: string[]
  readonly exitCode: number
  readonly dryRun: boolean
  readonly due: number
  readonly advanced: number
  readonly rotated: number
  readonly outcomes: Record<string, unknown>[]
}

interface Invocation {
  readonly status: number | null
  /** Everything the handler logged, the driver's own last line left out. */
  readonly log: string[]
  readonly stderr: string
  readonly result?: Summary
  readonly error?: { name: string; id: string; source: string; message: string }
}

describe('the Lambda runner bundle', { skip: !motoAvailable() && 'moto is not installed' }, () => {
  let a: TestAccount
  let bundle: string

  before(async () => {
    a = await startAccount(ACCOUNT, REGION)
    const file = join(a.dir, 'keyward.yaml')
    writeFileSync(file, manifest(a.account, a.region))
    const out = join(a.dir, 'build')
    const built = spawnSync(
      process.execPath,
      ['scripts/build-runner.ts', '--manifest', file, '--out', out],
      { encoding: 'utf8' },
    )
    assert.equal(built.status, 0, built.stderr)
    bundle = join(a.dir, 'lambda')
    const unzip = spawnSync(
      'python3',
      ['-m', 'zipfile', '-e', join(out, 'keyward-runner.zip'), bundle],
      { encoding: 'utf8' },
    )
    assert.equal(unzip.status, 0, unzip.stderr)
    const applied = await a.keyward(['apply', file, '--env', 'dev', '--yes'])
    assert.equal(applied.status, 0, applied.stderr)
  })
  after(() => a.close())

  /** Runs the extracted handler in its own process, away from the repository's node_modules. */
  function invoke(event: object, env: Readonly<Record<string, string>>): Promise<Invocation> {
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        DRIVER,
        pathToFileURL(join(bundle, 'index.mjs')).href,
        JSON.stringify(event),
      ],
      {
        cwd: a.dir,
        env: {
          PATH: process.env['PATH'] ?? '',
          AWS_ACCESS_KEY_ID: ADMIN.accessKeyId,
          AWS_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
          AWS_REGION: a.region,
          AWS_ENDPOINT_URL: a.proxy.endpoint,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    return new Promise((resolve) => {
      child.on('close', (status) => {
        a.record(stdout)
        a.record(stderr)
        const lines = stdout.trimEnd().split('\n')
        const last = JSON.parse(lines.pop() ?? '{}') as Pick<Invocation, 'result' | 'error'>
        resolve({ status, log: lines, stderr, ...last })
      })
    })
  }

  const keys = async () =>
    ((await a.iam.send(new ListAccessKeysCommand({ UserName: USER }))).AccessKeyMetadata ?? []).map(
      (k) => `${k.AccessKeyId ?? ''}:${k.Status ?? ''}`,
    )
  const current = async () => {
    // moto gap 12: without VersionStage, GetSecretValue may return the old version.
    const value = await a.secrets.send(
      new GetSecretValueCommand({ SecretId: STORE, VersionStage: 'AWSCURRENT' }),
    )
    return (JSON.parse(value.SecretString ?? '{}') as Record<string, string>)['AWS_ACCESS_KEY_ID']
  }

  test('a key 100 days old is rotated by the bundled handler, with only hints in its log', async () => {
    // given the key apply minted
    const first = await current()
    assert.deepEqual(await keys(), [`${first ?? ''}:Active`])
    // when the handler runs 100 days later (rotation every 90 days)
    const run = await invoke({ env: 'dev' }, { KEYWARD_CLOCK: '+100d' })
    // then it succeeded and says it rotated the one identity
    assert.equal(run.status, 0, `${run.stderr}\n${run.log.join('\n')}`)
    assert.deepEqual(run.error, undefined)
    const summary = run.result
    assert.deepEqual(summary?.environments, ['dev'])
    assert.equal(summary.exitCode, 0)
    assert.equal(summary.rotated, 1)
    assert.equal(summary.advanced, 1)
    assert.deepEqual(
      summary.outcomes.map((o) => [o['type'], o['id'], o['kind'], o['state']]),
      [['outcome', 'deployer', 'idle', 'draining']],
    )
    // and the store's current key is a new key of that user; the old one drains, still active
    const second = await current()
    assert.ok(second !== undefined && second !== first)
    assert.deepEqual((await keys()).sort(), [`${first}:Active`, `${second}:Active`].sort())
    // and every line it logged is one JSON document, naming keys by their last four only
    assert.ok(run.log.length > 3)
    for (const line of run.log) assert.doesNotThrow(() => JSON.parse(line), line)
    const promoted = run.log
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((r) => r['act'] === 'promoted')
    assert.equal(promoted?.['key'], `…${second.slice(-4)}`)
    a.assertNothingLeaked()
  })

  test('run again at the same time it has nothing to do; a dry run later changes nothing', async () => {
    const before = (await keys()).sort()
    // given KEYWARD_ENV instead of the event, when it runs again at the same clock
    const again = await invoke({}, { KEYWARD_ENV: 'dev', KEYWARD_CLOCK: '+100d' })
    // then the key is draining and nothing moved
    assert.equal(again.status, 0, again.stderr)
    assert.equal(again.result?.advanced, 0)
    assert.equal(again.result.rotated, 0)
    assert.deepEqual(
      again.result.outcomes.map((o) => [o['kind'], o['state']]),
      [['idle', 'draining']],
    )
    // when a dry run looks once the drain period is over, as the function's own role
    const dry = await invoke(
      { env: ['dev'], dryRun: true },
      { KEYWARD_CLOCK: '+102d', KEYWARD_NO_ASSUME_ROLE: '1' },
    )
    // then it reports the next step due and takes none
    assert.equal(dry.status, 0, dry.stderr)
    assert.match(dry.log[0] ?? '', /--dry-run --no-assume-role --/)
    assert.equal(dry.result?.dryRun, true)
    assert.equal(dry.result.due, 1)
    assert.equal(dry.result.advanced, 0)
    assert.deepEqual((await keys()).sort(), before)
    a.assertNothingLeaked()
  })

  test('a broken manifest or an unknown environment fails the invocation and rotates nothing', async () => {
    const before = (await keys()).sort()
    const created = a.created.length
    // given a manifest with a misspelt action (only the bundled IAM catalog can tell)
    const broken = join(a.dir, 'broken.yaml')
    const text = manifest(a.account, a.region).replace('s3:GetObject', 's3:GetObjekt')
    writeFileSync(broken, text)
    const line = text.split('\n').findIndex((l) => l.includes('GetObjekt')) + 1
    // when the handler is pointed at it, late enough that the old key would be deactivated
    const bad = await invoke({ manifest: broken, env: 'dev' }, { KEYWARD_CLOCK: '+120d' })
    // then the invocation fails, saying where
    assert.notEqual(bad.status, 0)
    assert.equal(bad.error?.id, 'runner-failed')
    assert.equal(bad.error.source, 'user')
    assert.match(bad.error.message, /broken\.yaml has 1 error; nothing was rotated/)
    assert.match(bad.error.message, new RegExp(`broken\\.yaml:${line}:\\d+ error unknown-action`))
    assert.match(bad.stderr, /`s3:GetObjekt` is not an action of s3/)
    // when it is asked for an environment the manifest does not declare
    const wrong = await invoke({ env: 'staging' }, { KEYWARD_CLOCK: '+120d' })
    assert.notEqual(wrong.status, 0)
    assert.equal(wrong.error?.id, 'runner-failed')
    assert.match(wrong.error.message, /has no environment `staging`/)
    // when two environments are declared and none is chosen
    const none = await invoke({}, { KEYWARD_CLOCK: '+120d' })
    assert.match(none.error?.message ?? '', /declares 2 environments; choose one/)
    // then no key was created, deactivated or deleted
    assert.equal(a.created.length, created)
    assert.deepEqual((await keys()).sort(), before)
    a.assertNothingLeaked()
  })

  test('a step AWS keeps refusing fails the invocation, naming the identity', async () => {
    const before = (await keys()).sort()
    // given IAM answers every UpdateAccessKey with 503, when the drained key is due to be deactivated
    a.proxy.setRules([{ kind: 'server-error', status: 503, operation: 'iam:UpdateAccessKey' }])
    const run = await invoke({ env: 'dev' }, { KEYWARD_CLOCK: '+102d' }).finally(() =>
      a.proxy.setRules([]),
    )
    // then, its retries spent, the invocation fails as AWS's fault and says which identity
    assert.notEqual(run.status, 0)
    assert.equal(run.error?.id, 'runner-failed')
    assert.equal(run.error.source, 'aws')
    assert.match(run.error.message, /exited 3: deployer failed: .*UpdateAccessKey/)
    // and the log still has the outcome line rotate printed for it
    assert.ok(run.log.some((line) => line.includes('"type":"failed","id":"deployer"')))
    assert.deepEqual((await keys()).sort(), before)
    a.assertNothingLeaked()
  })
})
