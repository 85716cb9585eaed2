/**
 * Real-world policies that must validate without a single diagnostic. Each was once a false
 * error or is a shape users write every day; a false error teaches people to ignore keyward.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { loadManifest } from '../src/manifest/load.ts'

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
