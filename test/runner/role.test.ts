/**
 * `keyward render runner` on every seed example, as a user runs it: the entry it merges into the
 * manifest validates in every environment, `keyward check` proves its never assertions, and the
 * only findings it adds are the two a key rotator has by design. A deliberately broadened runner
 * breaks those proofs — they are proofs that can fail.
 */
import assert from 'node:assert/strict'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import type { CheckResult, Finding } from '../../src/analyze/check-result.ts'
import { cli } from '../support/io.ts'

const dir = mkdtempSync(join(tmpdir(), 'keyward-runner-'))
after(() => rmSync(dir, { recursive: true, force: true }))

/** Examples with users that have keys, and their environments. */
const EXAMPLES: Record<string, string[]> = {
  tomoda: ['dev', 'prod'],
  'tomoda-federated': ['dev', 'prod'],
  nullplatform: ['production'],
  'ssm-generated-key': ['default'],
  'secrets-centralization': ['sandbox'],
}
const ID = 'keyward-runner'

function copy(example: string, as = example): string {
  const file = join(dir, `${as}.yaml`)
  copyFileSync(`examples/${example}.yaml`, file)
  return file
}

async function checked(file: string): Promise<CheckResult> {
  const out = await cli(['check', file, '-o', 'json', '--fail-on', 'none'])
  assert.equal(out.status, 0, out.stderr)
  return JSON.parse(out.stdout) as CheckResult
}

/** A finding's identity without the file it was found in. */
const key = (f: Finding) => f.fingerprint

/** What a key rotator is found to have by design: it creates keys for the users it rotates. */
function byDesign(f: Finding): boolean {
  return (
    f.identity === ID &&
    ((f.id === 'KW101' && f.fingerprint.endsWith('/iam-create-access-key')) ||
      (f.id === 'KW102' && f.severity === 'low' && f.actions.join() === 'iam:CreateAccessKey'))
  )
}

function withStatement(text: string, statement: string): string {
  const at = text.indexOf(`  ${ID}:\n`)
  const allow = text.indexOf('    allow:\n', at) + '    allow:\n'.length
  assert.ok(at >= 0 && allow > at)
  return `${text.slice(0, allow)}      - ${statement}\n${text.slice(allow)}`
}

for (const [example, envs] of Object.entries(EXAMPLES)) {
  describe(`the runner of ${example}`, () => {
    const file = copy(example)
    const original = readFileSync(file, 'utf8')

    test('is one entry for every environment, merged into the manifest', async () => {
      // given the example, when the runner is rendered for each of its environments
      const rendered = await Promise.all(
        envs.map((env) => cli(['render', 'runner', file, '--env', env])),
      )
      // then each is the same entry, written with references, and the manifest is unchanged
      for (const out of rendered) {
        assert.equal(out.status, 0, out.stderr)
        assert.equal(out.stdout, rendered[0]?.stdout)
        assert.match(out.stdout, /\$\{identities\.[\w-]+\.arn\}/)
        assert.doesNotMatch(out.stdout, /\d{12}/, 'no account id: references only')
      }
      assert.equal(readFileSync(file, 'utf8'), original)
      // when merged, then the manifest holds the entry after what it held
      const merged = await cli(['render', 'runner', file, '--env', envs[0] ?? '', '--merge'])
      assert.equal(merged.status, 0, merged.stderr)
      assert.equal(merged.stdout, `wrote ${file}\n`)
      const text = readFileSync(file, 'utf8')
      assert.ok(text.startsWith(original.trimEnd().split('\n').slice(0, 5).join('\n')))
      assert.equal(text.split(`\n  ${ID}:\n`).length, 2)
    })

    test('validates, and check proves its never assertions in every environment', async () => {
      const validated = await cli(['validate', file])
      assert.equal(validated.status, 0, validated.stdout + validated.stderr)
      const result = await checked(file)
      assert.deepEqual(
        result.environments.map((e) => e.name),
        envs,
      )
      for (const env of result.environments) {
        const runner = env.identities.find((i) => i.id === ID)
        assert.ok(runner, `${env.name}/${ID}`)
        assert.deepEqual(
          runner.never.map((n) => n.verdict),
          ['holds', 'holds', 'holds', 'holds'],
        )
        // It reaches users and stores of its own environment only.
        const reached = runner.radius.services.flatMap((s) => s.levels.flatMap((l) => l.resources))
        for (const arn of reached)
          assert.ok(arn.includes(env.account) || arn.endsWith('*'), `${env.name} reaches ${arn}`)
      }
    })

    test('adds no finding but the two a key rotator has by design', async () => {
      const before = await checked(copy(example, `${example}-before`))
      const after = await checked(file)
      const added = after.findings.filter((f) => !before.findings.some((b) => key(b) === key(f)))
      // every environment has the two, and nothing else is new
      assert.deepEqual(
        added.filter((f) => !byDesign(f)).map((f) => `${f.id} ${f.title}`),
        [],
      )
      assert.equal(added.length, envs.length * 2)
      // and the other identities' findings are exactly what they were
      assert.deepEqual(
        after.findings.filter((f) => f.identity !== ID).map(key),
        before.findings.map(key),
      )
    })
  })
}

describe('a broadened runner fails the check at its never assertions', () => {
  const file = copy('tomoda', 'broadened')
  const cases: [string, string, string][] = [
    [
      'reading every secret',
      '{ sid: Broad, actions: [secretsmanager:GetSecretValue], resources: ["*"] }',
      'secretsmanager:GetSecretValue',
    ],
    [
      'a key for any user',
      '{ sid: Broad, actions: [iam:CreateAccessKey], resources: ["arn:${partition}:iam::${account}:user/*"] }',
      'iam:CreateAccessKey',
    ],
    [
      'writing another parameter',
      '{ sid: Broad, actions: [ssm:PutParameter], resources: ["arn:${partition}:ssm:${region}:${account}:parameter/*"] }',
      'ssm:PutParameter',
    ],
    [
      'passing a role',
      '{ sid: Broad, actions: [iam:PassRole], resources: ["arn:${partition}:iam::${account}:role/*"] }',
      'iam:PassRole',
    ],
  ]
  test('the runner as rendered passes', async () => {
    assert.equal((await cli(['render', 'runner', file, '--env', 'dev', '--merge'])).status, 0)
    assert.equal((await cli(['check', file])).status, 0)
  })
  for (const [what, statement, action] of cases) {
    test(what, async () => {
      // given the runner with one more grant
      const text = readFileSync(file, 'utf8')
      const broad = join(dir, 'broad.yaml')
      writeFileSync(broad, withStatement(text, statement))
      // when checked, then it fails on a violated never of the runner, naming the action
      const out = await cli(['check', broad, '-o', 'json'])
      assert.equal(out.status, 4, out.stderr)
      const result = JSON.parse(out.stdout) as CheckResult
      const broken = result.findings.filter((f) => f.id === 'KW001')
      assert.deepEqual(
        [...new Set(broken.map((f) => `${f.identity} ${f.actions.join()}`))],
        [`${ID} ${action}`],
      )
    })
  }
})

describe('render runner refuses what it cannot render', () => {
  test('a manifest without a user with a key', async () => {
    const out = await cli(['render', 'runner', 'examples/pennlabs-irsa.yaml'])
    assert.equal(out.status, 2)
    assert.equal(out.stdout, '')
    assert.match(out.stderr, /declares no user with a key: a runner would have nothing to rotate/)
  })

  const cases: [string, string[], RegExp][] = [
    ['half a Kubernetes trust', ['--kubernetes', 'https://oidc.example.com'], /go together/],
    [
      'a service account without a namespace',
      ['--kubernetes', 'https://oidc.example.com', '--service-account', 'runner'],
      /not NAMESPACE\/NAME/,
    ],
    ['a schedule Scheduler cannot read', ['--schedule', '0 3 * * *'], /EventBridge Scheduler/],
    [
      'a schedule Kubernetes cannot read',
      [
        '--kubernetes',
        'https://oidc.example.com',
        '--service-account',
        'k/r',
        '--schedule',
        'rate(1 day)',
      ],
      /Kubernetes cron schedule/,
    ],
    ['a central runner that is not an ARN', ['--central', '111122223333'], /not an ARN/],
    ['an id taken by a user', ['--id', 'uploader'], /already has a user `uploader`/],
    ['an id that is not one', ['--id', 'a b'], /is not a logical id/],
    ['an option of render k8s', ['--restarts'], /option of render k8s/],
  ]
  for (const [what, args, message] of cases) {
    test(what, async () => {
      const out = await cli(['render', 'runner', 'examples/tomoda.yaml', '--env', 'dev', ...args])
      assert.equal(out.status, 2, out.stdout)
      assert.match(out.stderr, message)
    })
  }

  test('an option of render runner given to render k8s', async () => {
    const out = await cli(['render', 'k8s', 'examples/tomoda.yaml', '--env', 'dev', '--merge'])
    assert.equal(out.status, 2)
    assert.match(out.stderr, /--merge is an option of render runner/)
  })
})

describe('render runner for Kubernetes and for a central runner', () => {
  test('both validate and prove, and say what comes next', async () => {
    const kubernetes = await cli([
      'render',
      'runner',
      'examples/tomoda.yaml',
      '--env',
      'prod',
      '--kubernetes',
      'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE',
      '--service-account',
      'keyward/runner',
    ])
    assert.equal(kubernetes.status, 0, kubernetes.stderr)
    assert.match(kubernetes.stdout, /serviceAccounts: \[keyward\/runner\]/)
    assert.match(kubernetes.stderr, /4 never assertions hold in each of its 2 environments/)
    assert.match(
      kubernetes.stderr,
      /kubectl apply -f DIR\/tomoda-prod-keyward-runner-cronjob\.yaml/,
    )
    const central = await cli([
      'render',
      'runner',
      'examples/tomoda.yaml',
      '--env',
      'prod',
      '--central',
      'arn:aws:iam::111122223333:role/keyward-runner',
    ])
    assert.equal(central.status, 0, central.stderr)
    assert.match(central.stdout, /aws: \[arn:aws:iam::111122223333:role\/keyward-runner\]/)
    assert.match(
      central.stderr,
      /assumeRole: arn:aws:iam::222222222222:role\/tomoda-keyward-runner-prod/,
    )
    assert.doesNotMatch(central.stdout, /FunctionLogs/)
  })

  test('-o json is the entry under identities', async () => {
    const out = await cli([
      'render',
      'runner',
      'examples/tomoda.yaml',
      '--env',
      'dev',
      '-o',
      'json',
    ])
    assert.equal(out.status, 0, out.stderr)
    const json = JSON.parse(out.stdout) as { identities: Record<string, { type: string }> }
    assert.deepEqual(Object.keys(json.identities), [ID])
    assert.equal(json.identities[ID]?.type, 'role')
  })
})
