/**
 * Documentation that cannot rot: files generated from the code must be current, and every
 * complete manifest shown in the README or docs/ must validate without a diagnostic.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { manifestJsonSchema } from '../src/manifest/json-schema.ts'
import { loadManifest } from '../src/manifest/load.ts'
import { diagnosticsReference } from '../scripts/diagnostics-reference.ts'
import { parseRequestLine } from '../src/policy/eval/request-json.ts'
import { cli } from './support/io.ts'

test('schema/keyward.schema.json is current (run `npm run generate`)', () => {
  const committed: unknown = JSON.parse(readFileSync('schema/keyward.schema.json', 'utf8'))
  assert.deepEqual(committed, manifestJsonSchema())
})

test('docs/diagnostics.md is current and shows every code in a fixture (run `npm run generate`)', () => {
  const doc = diagnosticsReference()
  assert.equal(readFileSync('docs/diagnostics.md', 'utf8'), doc)
  assert.doesNotMatch(doc, /\| $/m, 'a code without any fixture showing it')
})

const pages = ['README.md', ...readdirSync('docs').map((f) => `docs/${f}`)].filter((f) =>
  f.endsWith('.md'),
)

describe('manifests shown in the documentation', () => {
  for (const page of pages) {
    const blocks = [...readFileSync(page, 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map((m) => m[1] ?? '')
      .filter((block) => /^version: 1$/m.test(block))
    blocks.forEach((block, index) => {
      test(`${page}, manifest ${index + 1} validates cleanly`, async () => {
        const result = await loadManifest({ file: `${page}#${index + 1}`, text: block })
        assert.deepEqual(result.diagnostics, [])
      })
    })
  }
})

/** `keyward …` commands in ```sh blocks, each followed by the ```text block it must print. */
describe('commands shown in docs/evaluation.md print what the page says', () => {
  const page = readFileSync('docs/evaluation.md', 'utf8')
  const pairs = [...page.matchAll(/```sh\n([\s\S]*?)```\s*```text\n([\s\S]*?)```/g)]
  test('the page has examples to check', () => assert.ok(pairs.length >= 3))
  for (const [, command = '', expected = ''] of pairs) {
    const argv = command
      .replace(/\\\n\s*/g, ' ')
      .trim()
      .split(/\s+/)
      .slice(1)
    test(argv.slice(0, 2).join(' '), async () => {
      const { status, stdout } = await cli(argv)
      assert.equal(status, 0)
      assert.equal(stdout.trimEnd(), expected.trimEnd())
    })
  }
  test('the batch example is a request keyward accepts', () => {
    const [json = ''] = /```json\n([\s\S]*?)```/.exec(page)?.slice(1) ?? []
    const parsed = parseRequestLine(json.replace(/\n/g, ' '))
    assert.equal(parsed.kind, 'ok')
  })
})
