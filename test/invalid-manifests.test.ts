/**
 * Every invalid-manifest fixture must produce exactly the diagnostics its markers call for —
 * right code, right line and column, nothing missing and nothing extra — and each diagnostic
 * must read as a complete sentence a person can act on.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { loadManifest } from '../src/manifest/load.ts'
import { describeExpectation, stripMarkers } from './support/markers.ts'

const DIR = 'test/cases/invalid'
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()

describe('invalid manifests', () => {
  test('there are at least 60 cases', () => {
    assert.ok(files.length >= 60, `only ${files.length} cases`)
  })

  for (const file of files) {
    const raw = readFileSync(`${DIR}/${file}`, 'utf8')
    const title = raw.split('\n')[0]?.replace(/^# /, '') ?? file
    test(`${file}: ${title}`, async () => {
      // given a manifest with a problem marked where it is
      const { text, expected } = stripMarkers(raw)
      assert.ok(expected.length > 0, 'the fixture marks no expected diagnostic')

      // when it is validated
      const result = await loadManifest({ file, text })

      // then exactly the marked diagnostics are reported, at the marked positions
      const actual = result.diagnostics.map((d) => describeExpectation(d)).sort()
      assert.deepEqual(actual, expected.map(describeExpectation).sort())
      const errorsExpected = result.diagnostics.some((d) => d.severity === 'error')
      assert.equal(result.kind, errorsExpected ? 'invalid' : 'valid')
      for (const d of result.diagnostics) {
        assert.equal(d.file, file)
        assert.match(d.message, /^\S.*[.?]$/s, `not a sentence: ${d.message}`)
        assert.doesNotMatch(`${d.message} ${d.hint ?? ''}`, /undefined|\[object /)
      }
    })
  }
})
