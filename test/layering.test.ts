/**
 * Dependencies point one way (DESIGN.md):
 *   model ← policy ← {manifest, plan, analyze, k8s, import} ← {aws, keys, apply, report, runner} ← cli
 * A folder may import from its own folder and from lower layers only; errors.ts is shared.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { test } from 'node:test'

const RANK: Readonly<Record<string, number>> = {
  model: 0,
  policy: 1,
  manifest: 2,
  plan: 2,
  analyze: 2,
  k8s: 2,
  import: 2,
  aws: 3,
  keys: 3,
  apply: 3,
  report: 3,
  runner: 3,
  cli: 4,
}

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) yield* sources(path)
    else if (path.endsWith('.ts') && !path.endsWith('.test.ts')) yield path
  }
}

function layerOf(file: string): string {
  const [top] = relative('src', file).split('/')
  return top ?? ''
}

test('every import in src/ points to its own layer or a lower one', () => {
  const violations: string[] = []
  for (const file of sources('src')) {
    const from = layerOf(file)
    if (from === 'index.ts' || from === 'errors.ts') continue
    const rank = RANK[from]
    assert.ok(rank !== undefined, `${file} is in a folder the layering does not know: ${from}`)
    const imports = readFileSync(file, 'utf8').matchAll(
      /^(?:import|export)[^'"]*from '(\.[^']+)'/gm,
    )
    for (const [, specifier] of imports) {
      if (specifier === undefined) continue
      const target = layerOf(normalize(join(dirname(file), specifier)))
      if (target === from || target === 'errors.ts') continue
      const targetRank = RANK[target]
      if (targetRank === undefined || targetRank >= rank) violations.push(`${file} → ${specifier}`)
    }
  }
  assert.deepEqual(violations, [])
})

test('core layers do no I/O of their own', () => {
  const io = /from 'node:(fs|fs\/promises|child_process|net|http|https)'/
  const offenders = [...sources('src')].filter((file) => {
    const layer = layerOf(file)
    return ['model', 'manifest', 'report'].includes(layer) && io.test(readFileSync(file, 'utf8'))
  })
  assert.deepEqual(offenders, [])
})
