/**
 * Real-world policies that must validate without a single diagnostic. Each was once a false
 * error or is a shape users write every day; a false error teaches people to ignore keyward.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { loadManifest } from '../src/manifest/load.ts'
import { oidcProvidersOf } from '../src/model/oidc-providers.ts'

const DIR = 'test/cases/valid'

describe('valid manifests', () => {
  for (const file of readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const text = readFileSync(`${DIR}/${file}`, 'utf8')
    test(`${file}: ${text.split('\n')[0]?.replace(/^# /, '') ?? ''}`, async () => {
      const result = await loadManifest({ file, text })
      assert.deepEqual(result.diagnostics, [])
    })
  }
})

test('a Pod Identity trust lets the agent tag the session too', async () => {
  const text = readFileSync(`${DIR}/pod-identity.yaml`, 'utf8')
  const result = await loadManifest({ file: 'pod-identity.yaml', text })
  assert.equal(result.kind, 'valid')
  const role = result.manifest.environments.get('dev')?.identities[0]
  assert.equal(role?.type, 'role')
  assert.deepEqual(role.trustPolicy.Statement[0]?.Action, ['sts:AssumeRole', 'sts:TagSession'])
})

test('roles trusting one issuer need one OIDC provider, with every audience they require', async () => {
  // given roles trusting an EKS issuer (once with a trailing slash) and a GKE issuer
  const text = readFileSync(`${DIR}/oidc-gke-thumbprints.yaml`, 'utf8')
  const result = await loadManifest({ file: 'oidc-gke-thumbprints.yaml', text })
  assert.equal(result.kind, 'valid')
  const env = result.manifest.environments.get('dev')
  assert.ok(env)

  // when the providers they need are derived
  const { providers, mismatches } = oidcProvidersOf(env)

  // then there is one per issuer, named as the trust policies name it
  assert.deepEqual(mismatches, [])
  assert.deepEqual(
    providers.map((p) => ({ ...p, sources: p.sources.map((s) => s.line) })),
    [
      {
        url: 'https://container.googleapis.com/v1/projects/demo-dev/locations/us-central1/clusters/apps',
        arn: 'arn:aws:iam::111111111111:oidc-provider/container.googleapis.com/v1/projects/demo-dev/locations/us-central1/clusters/apps',
        host: 'container.googleapis.com/v1/projects/demo-dev/locations/us-central1/clusters/apps',
        audiences: ['sts.amazonaws.com'],
        roles: ['exporter'],
        sources: [13],
      },
      {
        url: 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC',
        arn: 'arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC',
        host: 'oidc.eks.us-east-1.amazonaws.com/id/ABC',
        audiences: ['sts.amazonaws.com', 'worker.example.com'],
        thumbprints: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
        roles: ['api', 'worker'],
        sources: [19, 26],
      },
    ],
  )
  for (const role of env.identities) {
    const arn = role.type === 'role' ? role.oidc?.arn : undefined
    assert.deepEqual(role.type === 'role' ? role.trustPolicy.Statement[0]?.Principal : undefined, {
      Federated: [arn],
    })
  }
})
