/**
 * Differential test: keyward's evaluator against iam-simulate on 10,000 seeded cases covering
 * every policy layer, element and condition operator. iam-simulate is AGPL; it is a dev
 * dependency used here only as an oracle, through its public API.
 *
 * Disagreements are allowed only where docs/evaluator-differences.md lists them, with the AWS
 * page that decides who is right. Anything else fails, with a minimal reproduction.
 * `npm run differential` runs the same check on 100,000 cases.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import {
  CALLER_ACCOUNT,
  DEFAULT_SEED,
  loadCatalog,
  type ContextInput,
  type DiffCase,
  type StatementDocument,
} from './cases.ts'
import { features, REQUIRED_FEATURES } from './coverage.ts'
import { generateCase } from './generator.ts'
import {
  judge,
  KNOWN_DIFFERENCES,
  minimalExample,
  runDifferential,
  type RunSummary,
} from './differences.ts'
import { reproduction, runCase } from './oracle.ts'

const CASES = 10_000

const catalog = await loadCatalog()
const cases = Array.from({ length: CASES }, (_, index) =>
  generateCase(catalog, DEFAULT_SEED, index),
)
const generate = (index: number): DiffCase => {
  const c = cases[index]
  if (c === undefined) throw new Error(`no case ${index}`)
  return c
}

let summary: Promise<RunSummary> | undefined
const run = (): Promise<RunSummary> => (summary ??= runDifferential(generate, DEFAULT_SEED, CASES))

test('the generator exercises every element, operator and policy layer', () => {
  // given the seeded cases of the run
  const seen = new Set<string>()
  // when each is taken apart into the features it uses
  for (const c of cases) for (const f of features(c)) seen.add(f)
  // then nothing the issue asks for is missing
  assert.deepEqual(
    REQUIRED_FEATURES.filter((f) => !seen.has(f)),
    [],
  )
})

test('iam-simulate accepts every generated case as a valid request', async () => {
  // given the seeded cases; when iam-simulate validates and runs each one
  const { oracleErrors } = await run()
  // then none is refused (a refused case would be compared against nothing)
  assert.deepEqual(oracleErrors.slice(0, 5), [])
})

test('keyward agrees with iam-simulate on 10,000 cases, except for documented differences', async () => {
  // given 10,000 seeded cases; when both evaluators decide each one
  const result = await run()
  // then decisions spread over all three outcomes, so agreement is not trivially reached
  for (const decision of ['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied']) {
    const count = result.decisions.get(`${decision}/${decision}`) ?? 0
    assert.ok(count > CASES / 6, `only ${count} cases agree on ${decision}`)
  }
  // and every disagreement is a documented difference, not a keyward bug or an unknown
  const failing = [...result.categories.values()].filter((t) => t.finding.verdict !== 'explained')
  const reports: string[] = []
  for (const tally of failing) {
    const example = await minimalExample(tally.first, tally.finding)
    reports.push(
      `${tally.finding.verdict} "${tally.finding.category}" in ${tally.count} cases, e.g.\n` +
        JSON.stringify(reproduction(example, await runCase(example)), null, 2),
    )
  }
  assert.equal(failing.length, 0, reports.join('\n\n'))
})

test('every known difference is documented with the AWS page that decides it', () => {
  // given the user-facing list of differences
  const doc = readFileSync(new URL('../../docs/evaluator-differences.md', import.meta.url), 'utf8')
  // when each category the classifier knows is looked up in it
  const missing = KNOWN_DIFFERENCES.filter(
    (k) => !doc.includes(`\`${k.id}\``) || !doc.includes(k.doc),
  )
  // then each is there, with its link
  assert.deepEqual(
    missing.map((k) => k.id),
    [],
  )
})

test('the examples in docs/evaluator-differences.md give the decisions the page states', async () => {
  // given each example on the page, under the heading of its category
  const doc = readFileSync(new URL('../../docs/evaluator-differences.md', import.meta.url), 'utf8')
  const examples = [...doc.matchAll(/### `([^`]+)`[\s\S]*?```json\n([\s\S]*?)```/g)]
  assert.ok(examples.length >= KNOWN_DIFFERENCES.length)
  for (const [, category = '', json = ''] of examples) {
    const example = JSON.parse(json) as DocExample
    const statements = (s: StatementDocument | StatementDocument[] | undefined) =>
      s === undefined ? undefined : { Version: '2012-10-17' as const, Statement: [s].flat() }
    const identity = statements(example.identity)
    const resourcePolicy = statements(example.resource)
    const boundary = statements(example.boundary)
    const session = statements(example.session)
    const c: DiffCase = {
      id: category,
      principal: example.caller,
      action: example.request[0],
      resource: example.request[1],
      resourceAccount: CALLER_ACCOUNT,
      context: example.context ?? {},
      identity: identity === undefined ? [] : [identity],
      scps: [],
      ...(resourcePolicy === undefined ? {} : { resourcePolicy }),
      ...(boundary === undefined ? {} : { boundary }),
      ...(session === undefined ? {} : { session }),
    }
    // when both evaluators decide it
    const outcome = await runCase(c)
    // then they answer as the page says, and the disagreement falls in the page's category
    assert.deepEqual([outcome.keyward, outcome.oracle], [example.keyward, example['iam-simulate']])
    assert.equal((await judge(c, outcome)).category, category)
  }
})

interface DocExample {
  readonly caller: string
  readonly request: readonly [string, string]
  readonly context?: ContextInput
  readonly identity?: StatementDocument | StatementDocument[]
  readonly resource?: StatementDocument | StatementDocument[]
  readonly boundary?: StatementDocument | StatementDocument[]
  readonly session?: StatementDocument | StatementDocument[]
  readonly keyward: string
  readonly 'iam-simulate': string
}
