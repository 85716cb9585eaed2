/** `keyward check` and `keyward diff` as a user runs them: output, JSON, exit statuses. */
import assert from 'node:assert/strict'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { cli } from '../support/io.ts'

const TOMODA = 'examples/tomoda.yaml'
const BROADENED = 'broadened.yaml'

/** The tomoda example with an uploader that can also read objects back. */
async function withBroadened(): Promise<Parameters<typeof cli>[1]> {
  const text = (await readFile(TOMODA, 'utf8')).replace(
    'actions: [s3:PutObject, s3:PutObjectAcl]',
    'actions: [s3:PutObject, s3:PutObjectAcl, s3:GetObject]',
  )
  return {
    readFile: (path) => (path === BROADENED ? Promise.resolve(text) : readFile(path, 'utf8')),
  }
}

describe('keyward check', () => {
  test('the example passes: every never holds, exit 0', async () => {
    const { status, stdout } = await cli(['check', TOMODA])
    assert.equal(status, 0)
    assert.match(stdout, /✔ 6 never assertions hold/)
    assert.match(stdout, /MEDIUM +KW104 +dev\/uploader +can change who has access/)
  })

  test('a broken never fails with exit 4 and names the granting line', async () => {
    const { status, stdout } = await cli(
      ['check', BROADENED, '--env', 'dev'],
      await withBroadened(),
    )
    assert.equal(status, 4)
    assert.match(stdout, /✖ s3:GetObject, s3:DeleteObject on arn:aws:s3:::tomoda-assets-dev\/\*/)
    assert.match(
      stdout,
      /allowed: s3:GetObject on arn:aws:s3:::tomoda-assets-dev\/\* — by statement AllowS3Upload of the inline policy of uploader \(broadened\.yaml:29\)/,
    )
    assert.match(stdout, /CRITICAL KW001/)
  })

  test('--fail-on sets the threshold, none never fails', async () => {
    assert.equal((await cli(['check', TOMODA, '--fail-on', 'medium'])).status, 4)
    assert.equal((await cli(['check', TOMODA, '--fail-on', 'high'])).status, 0)
    const io = await withBroadened()
    assert.equal((await cli(['check', BROADENED, '--fail-on', 'none'], io)).status, 0)
    const bad = await cli(['check', TOMODA, '--fail-on', 'severe'])
    assert.equal(bad.status, 2)
    assert.match(bad.stderr, /One of: critical, high, medium, low, info, none/)
  })

  test('-o json is the versioned result', async () => {
    const { stdout } = await cli(['check', TOMODA, '-o', 'json', '--env', 'prod'])
    const result = JSON.parse(stdout) as {
      format: string
      environments: { name: string }[]
      findings: { id: string; fingerprint: string }[]
    }
    assert.equal(result.format, 'keyward.check/v1')
    assert.deepEqual(
      result.environments.map((e) => e.name),
      ['prod'],
    )
    assert.ok(
      result.findings.some((f) => f.fingerprint === 'permissions-management/prod/uploader/scoped'),
    )
  })

  test('-o sarif is a SARIF 2.1.0 log with one result per finding', async () => {
    const json = await cli(['check', TOMODA, '-o', 'json'])
    const sarif = await cli(['check', TOMODA, '-o', 'sarif'])
    assert.equal(sarif.status, 0)
    const log = JSON.parse(sarif.stdout) as {
      version: string
      runs: { results: { ruleId: string }[] }[]
    }
    const result = JSON.parse(json.stdout) as { findings: { id: string }[] }
    assert.equal(log.version, '2.1.0')
    assert.deepEqual(
      log.runs[0]?.results.map((r) => r.ruleId),
      result.findings.map((f) => f.id),
    )
  })

  test('--html writes the report and says where, after the report, on stderr', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-check-'))
    const file = join(dir, 'check.html')
    const { status, stdout, stderr } = await cli(['check', TOMODA, '--html', file, '-o', 'json'])
    assert.equal(status, 0)
    assert.equal((JSON.parse(stdout) as { format: string }).format, 'keyward.check/v1')
    assert.equal(stderr, `HTML report written to ${file}: open it in a browser.\n`)
    assert.match(await readFile(file, 'utf8'), /^<!doctype html>/)
  })

  test('an --html path that cannot be written is a usage error, not a crash', async () => {
    const { status, stderr } = await cli(['check', TOMODA, '--html', '/nonexistent/dir/x.html'])
    assert.equal(status, 2)
    assert.match(stderr, /Cannot write \/nonexistent\/dir\/x\.html: its directory does not exist/)
  })

  test('an unknown environment is a usage error with a suggestion', async () => {
    const { status, stderr } = await cli(['check', TOMODA, '--env', 'prd'])
    assert.equal(status, 2)
    assert.match(stderr, /Did you mean `?prod`?/i)
  })
})

describe('keyward diff', () => {
  test('lists what is newly allowed, with the line that grants it', async () => {
    const { status, stdout } = await cli(
      ['diff', TOMODA, BROADENED, '--env', 'dev'],
      await withBroadened(),
    )
    assert.equal(status, 0)
    assert.match(
      stdout,
      /dev\/uploader\n {2}\+ s3:GetObject on arn:aws:s3:::tomoda-assets-dev\/\* {2}broadened\.yaml:29/,
    )
    assert.match(stdout, /1 pair newly allowed, 0 pairs newly denied/)
  })

  test('the reverse is a denial, and --fail-on-broadening only fails on broadening', async () => {
    const io = await withBroadened()
    const narrowed = await cli(
      ['diff', BROADENED, TOMODA, '--fail-on-broadening', '-o', 'json'],
      io,
    )
    assert.equal(narrowed.status, 0)
    const result = JSON.parse(narrowed.stdout) as {
      environments: { name: string; identities: { id: string; denied: { action: string }[] }[] }[]
    }
    assert.deepEqual(
      result.environments.map((e) => [e.name, e.identities[0]?.denied.map((d) => d.action)]),
      [
        ['dev', ['s3:GetObject']],
        ['prod', ['s3:GetObject']],
      ],
    )
    const broadened = await cli(['diff', TOMODA, BROADENED, '--fail-on-broadening'], io)
    assert.equal(broadened.status, 4)
  })

  test('one manifest is a usage error', async () => {
    const { status, stderr } = await cli(['diff', TOMODA])
    assert.equal(status, 2)
    assert.match(stderr, /diff takes two manifests, got 1/)
  })
})

const PENNLABS = 'examples/pennlabs-irsa.yaml'
const WEAK = 'test/cases/check/weak-trust.yaml'

interface TrustJson {
  environments: {
    identities: {
      id: string
      assumers?: { kind: string; subjects: string[]; audiences: string[]; verdict: string }[]
    }[]
  }[]
  findings: {
    id: string
    identity: string
    severity: string
    locations: { location: { file: string; line: number } }[]
  }[]
}

describe('keyward check: who can assume each role', () => {
  test('the IRSA example: each role is assumed by exactly its declared service accounts', async () => {
    // given seed 003's four IRSA roles, when checked as JSON
    const { status, stdout } = await cli(['check', PENNLABS, '-o', 'json'])
    assert.equal(status, 0)
    const result = JSON.parse(stdout) as TrustJson
    // then each role lists one web identity, with the subjects the manifest declares, confirmed
    const assumedBy = Object.fromEntries(
      (result.environments[0]?.identities ?? []).map((i) => [
        i.id,
        i.assumers?.map((a) => [a.kind, a.subjects, a.audiences, a.verdict]),
      ]),
    )
    const sa = (...names: string[]) => [
      ['oidc', names.map((n) => `system:serviceaccount:${n}`), ['sts.amazonaws.com'], 'confirmed'],
    ]
    assert.deepEqual(assumedBy, {
      'team-sync': sa('default:team-sync'),
      platform: sa('default:platform'),
      'secret-sync': sa('default:secret-sync', 'monitoring:secret-sync'),
      'cert-manager': sa('cert-manager:cert-manager'),
    })
    // and there is no trust finding
    assert.deepEqual(
      result.findings.filter((f) => f.id.startsWith('KW6')),
      [],
    )
  })

  test('weak trusts: each finding at the line of its trust entry', async () => {
    const text = await readFile(WEAK, 'utf8')
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1
    const { stdout } = await cli(['check', WEAK, '-o', 'json', '--fail-on', 'none'])
    const result = JSON.parse(stdout) as TrustJson
    const found = result.findings
      .filter((f) => f.id.startsWith('KW6'))
      .map((f) => [f.id, f.severity, f.identity, f.locations[0]?.location.line])
    // each at the key of the trust entry: `aws:`, or the `oidc:` two lines above its accounts
    assert.deepEqual(found, [
      ['KW605', 'critical', 'shared', lineOf('aws: ["*"]')],
      ['KW603', 'high', 'deployer', lineOf('*/deployer') - 2],
      ['KW604', 'medium', 'ci-runner', lineOf('[ci/*]') - 2],
      ['KW606', 'medium', 'vendor', lineOf('aws: ["222222222222"]')],
    ])
    // and the text report says the same, with the manifest change in each hint
    const plain = await cli(['check', WEAK, '--fail-on', 'none'])
    assert.match(
      plain.stdout,
      new RegExp(`KW603 +dev/deployer .*\\n +${WEAK}:${lineOf('*/deployer') - 2} `),
    )
    assert.match(plain.stdout, /name the namespace: `serviceAccounts: \[NAMESPACE\/deployer\]`/)
    assert.match(plain.stdout, /name them: `serviceAccounts: \[ci\/NAME\]`/)
    assert.match(
      plain.stdout,
      /assumers ✔ arn:aws:iam::333333333333:root when StringEquals sts:ExternalId/,
    )
  })

  test('--fail-on gates trust findings by severity', async () => {
    // given the weak trusts, the critical `*` fails the default threshold
    assert.equal((await cli(['check', WEAK])).status, 4)
    assert.equal((await cli(['check', WEAK, '--fail-on', 'none'])).status, 0)
    // and without the `*` role, the high finding fails `high` but not `critical`
    const text = await readFile(WEAK, 'utf8')
    const withoutAnyone = text.replace(/ {2}shared:\n(?: {4}.*\n)+/, '')
    const io = {
      readFile: (path: string) =>
        path === 'calm.yaml' ? Promise.resolve(withoutAnyone) : readFile(path, 'utf8'),
    }
    assert.equal((await cli(['check', 'calm.yaml'], io)).status, 0)
    assert.equal((await cli(['check', 'calm.yaml', '--fail-on', 'high'], io)).status, 4)
    // and without the namespace patterns either, only the medium ones are left
    const calmer = withoutAnyone.replace('"*/deployer"', 'platform/deployer')
    const io2 = {
      readFile: (path: string) =>
        path === 'calm.yaml' ? Promise.resolve(calmer) : readFile(path, 'utf8'),
    }
    assert.equal((await cli(['check', 'calm.yaml', '--fail-on', 'high'], io2)).status, 0)
    assert.equal((await cli(['check', 'calm.yaml', '--fail-on', 'medium'], io2)).status, 4)
  })
})
