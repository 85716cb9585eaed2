/**
 * `keyward advise` on seed 000: the ESO reader's proposed replacement, pasted into the manifest
 * as printed, resolves to exactly the federated example's role, and leaves nothing to bootstrap.
 */
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, test } from 'node:test'
import { parseDocument } from 'yaml'
import type { Advice } from '../src/manifest/advise.ts'
import { loadManifest, type Manifest } from '../src/manifest/load.ts'
import { environment, example, identity } from './support/examples.ts'
import { cli } from './support/io.ts'

async function adviceFor(file: string, ...args: string[]): Promise<Advice[]> {
  const out = await cli(['advise', file, '-o', 'json', ...args])
  assert.equal(out.status, 0, out.stderr)
  return (JSON.parse(out.stdout) as { advice: Advice[] }).advice
}

describe('advise', () => {
  test('seed 000: the ESO reader should be a role; the uploader likely could be', async () => {
    const advice = await adviceFor('examples/tomoda.yaml')
    assert.deepEqual(
      advice.map((a) => [a.identity, a.kind, a.confidence]),
      [
        ['eso-reader', 'eso-reader', 'recommended'],
        ['uploader', 'kubernetes-workload', 'likely'],
      ],
    )
    const reader = advice[0]
    assert.ok(reader)
    assert.deepEqual(reader.removes, [
      'dev: the access key of tomoda-eso-reader-dev',
      'dev: the Secrets Manager secret tomoda-eso-reader-dev, and its rotation every 90d',
      'dev: the bootstrap Secret tomoda/tomoda-eso-reader',
      'prod: the access key of tomoda-eso-reader-prod',
      'prod: the Secrets Manager secret tomoda-eso-reader-prod, and its rotation every 90d',
      'prod: the bootstrap Secret tomoda/tomoda-eso-reader',
    ])
    assert.deepEqual(reader.vars, { issuer: 'the cluster’s OIDC issuer URL' })
  })

  test('the proposed entry, pasted in, is the federated example’s role, and nothing needs a bootstrap', async () => {
    // given the advice and the issuers the federated example defines
    const [reader] = await adviceFor('examples/tomoda.yaml')
    assert.ok(reader?.replacement)
    const document = parseDocument(await readFile('examples/tomoda.yaml', 'utf8'))
    document.setIn(['identities', 'eso-reader'], reader.replacement)
    const federated = await example('tomoda-federated')
    for (const env of ['dev', 'prod']) {
      const issuer = environment(federated, env).identities.find((i) => i.id === 'eso-reader')
      assert.ok(issuer?.type === 'role' && issuer.oidc)
      document.setIn(['environments', env, 'vars', 'issuer'], issuer.oidc.issuer)
    }
    // when the edited manifest is loaded
    const text = document.toString()
    const loaded = await loadManifest({ file: 'advised.yaml', text })
    assert.ok(loaded.kind === 'valid', JSON.stringify(loaded.diagnostics))
    const manifest: Manifest = loaded.manifest
    // then each environment's reader is the federated example's, policy and trust alike
    for (const env of ['dev', 'prod']) {
      const advised = identity(environment(manifest, env), 'eso-reader', 'role')
      const expected = identity(environment(federated, env), 'eso-reader', 'role')
      assert.deepEqual(advised.trustPolicy, expected.trustPolicy)
      assert.deepEqual(advised.inlinePolicy?.document, expected.inlinePolicy?.document)
      assert.equal(advised.name, expected.name)
    }
    const rendered = await cli(['render', 'k8s', 'advised.yaml', '--env', 'dev', '-o', 'json'], {
      readFile: () => Promise.resolve(text),
    })
    assert.equal(rendered.status, 0, rendered.stderr)
    assert.doesNotMatch(rendered.stderr, /bootstrap/)
    assert.match(rendered.stdout, /"jwt"/)
  })

  test('a manifest whose roles trust an issuer: the advice reuses it, and --issuer wins', async () => {
    const text = `version: 1
project: p
environments:
  dev: { account: '111111111111', region: us-east-1, vars: { oidc: 'https://oidc.example.com' } }
identities:
  app:
    type: user
    key: { store: { type: secretsmanager, name: app } }
    consumers:
      - kubernetes: { namespace: web, secret: app-key, reader: eso, restart: [deployment/web] }
  eso:
    type: role
    trust: { oidc: { issuer: '\${oidc}', serviceAccounts: [web/eso] } }
    allow: [{ actions: [secretsmanager:GetSecretValue], resources: ['*'] }]
`
    const run = (...args: string[]) =>
      cli(['advise', 'm.yaml', '-o', 'json', ...args], { readFile: () => Promise.resolve(text) })
    const reused = (JSON.parse((await run()).stdout) as { advice: Advice[] }).advice[0]
    assert.ok(reused)
    assert.deepEqual(reused.replacement?.['trust'], {
      oidc: { issuer: '${oidc}', serviceAccounts: ['web/web'] },
    })
    assert.equal(reused.vars, undefined)
    const given = await run('--issuer', 'https://issuer.example.com')
    const [flagged] = (JSON.parse(given.stdout) as { advice: Advice[] }).advice
    assert.deepEqual(flagged?.replacement?.['trust'], {
      oidc: { issuer: 'https://issuer.example.com', serviceAccounts: ['web/web'] },
    })
    const bad = await run('--issuer', 'oidc.example.com')
    assert.equal(bad.status, 2)
  })

  test('text output names the file and prints the entry to paste; roles alone need no advice', async () => {
    const out = await cli(['advise', 'examples/tomoda.yaml'])
    assert.match(out.stdout, /Replace identities\.eso-reader in examples\/tomoda\.yaml with:/)
    assert.match(out.stdout, /^ {4}eso-reader:\n {6}type: role$/m)
    const none = await cli(['advise', 'examples/pennlabs-irsa.yaml'])
    assert.equal(none.status, 0)
    assert.match(none.stdout, /nothing to advise/)
  })
})
