/**
 * `npm run differential [-- --cases N --seed S]`: keyward's evaluator against iam-simulate on
 * N seeded cases (default 100,000), the long form of test/differential/differential.test.ts.
 * Prints progress every 10,000 cases, then the disagreements by category, each with a minimal
 * reproduction. Exits 1 when any disagreement is not a documented difference.
 */
import { parseArgs } from 'node:util'
import { DEFAULT_SEED, loadCatalog } from '../test/differential/cases.ts'
import { generateCase } from '../test/differential/generator.ts'
import {
  KNOWN_DIFFERENCES,
  minimalExample,
  runDifferential,
  SUSPECTED_BUGS,
  type RunSummary,
} from '../test/differential/differences.ts'
import { reproduction, runCase } from '../test/differential/oracle.ts'

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
  },
})
const cases = Number(values.cases)
const seed = Number(values.seed)
if (!Number.isInteger(cases) || cases < 1 || !Number.isInteger(seed)) {
  process.stderr.write('usage: npm run differential -- [--cases N] [--seed S]\n')
  process.exit(2)
}

const started = performance.now()
const seconds = (): string => ((performance.now() - started) / 1000).toFixed(1)
const percent = (n: number, of: number): string => `${((100 * n) / Math.max(of, 1)).toFixed(2)}%`
const disagreements = (s: RunSummary): number =>
  [...s.categories.values()].reduce((n, t) => n + t.count, 0)
const failing = (s: RunSummary): number =>
  [...s.categories.values()]
    .filter((t) => t.finding.verdict !== 'explained')
    .reduce((n, t) => n + t.count, 0)

const catalog = await loadCatalog()
const summary = await runDifferential(
  (index) => generateCase(catalog, seed, index),
  seed,
  cases,
  (done, s) =>
    process.stdout.write(
      `${done}/${cases} cases, ${percent(s.agreed, done)} agree, ${disagreements(s)} ` +
        `disagreements (${failing(s)} not documented), ${seconds()} s\n`,
    ),
)

const out: string[] = []
const compared = cases - summary.oracleErrors.length
out.push(
  '',
  `seed ${seed}, ${cases} cases in ${seconds()} s`,
  `compared: ${compared}; agree: ${summary.agreed} (${percent(summary.agreed, compared)})`,
  `disagree: ${disagreements(summary)}, of which not documented: ${failing(summary)}`,
  `refused by iam-simulate: ${summary.oracleErrors.length}`,
  '',
  'decisions (keyward/iam-simulate):',
  ...[...summary.decisions]
    .sort((a, b) => b[1] - a[1])
    .map(([pair, n]) => `  ${String(n).padStart(7)}  ${pair}`),
)
for (const { id, error } of summary.oracleErrors.slice(0, 3)) out.push(`refused ${id}: ${error}`)

const titles = new Map<string, { title: string; doc: string; verdict: string }>([
  ...KNOWN_DIFFERENCES.map(
    (k) =>
      [
        k.id,
        {
          title: k.title,
          doc: k.doc,
          verdict: k.verdict === 'keyward' ? 'AWS docs side with keyward' : 'AWS docs undecided',
        },
      ] as const,
  ),
  ...SUSPECTED_BUGS.map(
    (b) =>
      [
        b.id,
        { title: b.title, doc: b.doc, verdict: `AWS docs side with iam-simulate; see ${b.where}` },
      ] as const,
  ),
])
const ranked = [...summary.categories.values()].sort(
  (a, b) =>
    Number(a.finding.verdict === 'explained') - Number(b.finding.verdict === 'explained') ||
    b.count - a.count,
)
out.push('', 'disagreements by category:')
process.stdout.write(`${out.join('\n')}\n`)
for (const tally of ranked) {
  const { verdict, category } = tally.finding
  const parts = category.split('+').map((id) => titles.get(id))
  const example = await minimalExample(tally.first, tally.finding)
  process.stdout.write(
    [
      '',
      `[${verdict}] ${category}: ${tally.count} (${percent(tally.count, compared)})`,
      ...parts.flatMap((p) =>
        p === undefined ? [] : [`  ${p.title}`, `  ${p.verdict}: ${p.doc}`],
      ),
      `  minimal reproduction (from case ${tally.first.id}):`,
      JSON.stringify(reproduction(example, await runCase(example)), null, 2).replace(/^/gm, '  '),
      '',
    ].join('\n'),
  )
}
process.exitCode = failing(summary) > 0 || summary.oracleErrors.length > 0 ? 1 : 0
