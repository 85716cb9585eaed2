/**
 * Whatever text arrives, loading answers with diagnostics — never an exception — and every
 * diagnostic points inside the file. Inputs are the examples mangled at random: lines dropped,
 * duplicated, swapped, re-indented, truncated, or characters replaced.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { test } from 'node:test'
import fc from 'fast-check'
import { loadManifest } from '../src/manifest/load.ts'

const examples = readdirSync('examples')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(`examples/${f}`, 'utf8'))

type Mutation =
  | { kind: 'drop' | 'duplicate' | 'truncate'; at: number }
  | { kind: 'swap'; at: number; with: number }
  | { kind: 'indent'; at: number; by: number }
  | { kind: 'replace'; at: number; text: string }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({
    kind: fc.constant('indent' as const),
    at: fc.nat(),
    by: fc.integer({ min: -4, max: 4 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('replace' as const),
    at: fc.nat(),
    text: fc.constantFrom('', ':', '- ', '${', '}', '[', '"', '*', 'x', '\t', '&a', '*a', '<<: '),
  }),
)

function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n')
  const i = m.at % lines.length
  switch (m.kind) {
    case 'drop':
      lines.splice(i, 1)
      break
    case 'duplicate':
      lines.splice(i, 0, lines[i] ?? '')
      break
    case 'swap': {
      const j = m.with % lines.length
      ;[lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? '']
      break
    }
    case 'indent':
      lines[i] = m.by >= 0 ? ' '.repeat(m.by) + (lines[i] ?? '') : (lines[i] ?? '').slice(-m.by)
      break
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1))
    case 'replace': {
      const offset = m.at % (text.length + 1)
      return text.slice(0, offset) + m.text + text.slice(offset + 1)
    }
  }
  return lines.join('\n')
}

test('mangled manifests always produce in-bounds diagnostics, never an exception', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.nat({ max: examples.length - 1 }),
      fc.array(mutation, { minLength: 1, maxLength: 3 }),
      async (index, mutations) => {
        const text = mutations.reduce((t, m) => mutate(t, m), examples[index] ?? '')
        const result = await loadManifest({ file: 'm.yaml', text })
        const lineCount = text.split('\n').length
        for (const d of result.diagnostics) {
          assert.ok(d.line >= 1 && d.line <= lineCount + 1, `line ${d.line} of ${lineCount}`)
          assert.ok(d.column >= 1)
          assert.ok(d.message.length > 0)
        }
        if (result.kind === 'invalid')
          assert.ok(result.diagnostics.some((d) => d.severity === 'error'))
      },
    ),
    { numRuns: 300 },
  )
})
