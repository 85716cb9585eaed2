/**
 * Bench P3: a full rotation cycle of N users' access keys through the fault proxy with AWS's
 * latency and per-API rate limits, against the floor those limits set — and how many AWS calls
 * each identity costs.
 *
 *   npm run bench:rotate                             # N = 100 and N = 1,000 (about 10 minutes)
 *   npm run bench:rotate -- --sizes 100              # about 50 s, most of it the rate-limit floor
 *   npm run bench:rotate -- --sizes 100 --concurrency 32 --client-limits off
 *
 * Setup, not measured: a generated manifest of N users, each with its key in its own Secrets
 * Manager secret and tomoda's rotation policy (bench/support/rotation-manifest.ts), is validated
 * and applied to an empty moto account by the real CLI (`apply FILE --yes`), straight at moto.
 *
 * Measured: the proxy (test/support/fault-proxy.ts) then delays every request by 50 ms, and caps
 * two API families with a token bucket each, as AWS does per account; a request over a cap gets
 * AWS's real throttling error:
 *
 *   IAM writes   iam:Create*, Update*, Delete*, Tag*, Untag*                       10 / s
 *   SM writes    secretsmanager:PutSecretValue, UpdateSecretVersionStage,
 *                TagResource, UntagResource, UpdateSecret                           50 / s
 *
 * Three runs make one full cycle, each what `keyward rotate FILE --yes --clock C` does — a fresh
 * session that checks the account, then every identity through `advanceRotation`, a pool of
 * `--concurrency` at a time, sharing the run's journal writes — run in this process so the
 * proxy's counts can be read per run; the session keeps the CLI's client-side rate limits
 * (src/aws/rate-limit.ts, `--iam-write-rate`) unless told `--client-limits off`:
 *
 *   run 1  --clock +90d   the key is due: record, create, store AWSPENDING, verify, promote
 *   run 2  --clock +92d   the drain (1 day) is over: deactivate the old key
 *   run 3  --clock +100d  the recovery window (7 days) is over: delete the old key
 *
 * With `--client-limits on` (the default) the session spaces each family's requests at the
 * proxy's rates, so they are not refused; `off` shows what retrying with backoff alone does.
 *
 * The floor of a run is the least time the caps allow for what it sent: for each capped family,
 * the requests of that family that reached AWS (the proxy's forwarded count) divided by its cap;
 * the largest of those, plus one latency. A cycle's floor is the sum of its runs'. The buckets
 * start full (one second's worth), so a run could in principle finish up to a second under it.
 *
 * Calls per identity are what keyward sent (the session's count, every retry of a throttled call
 * included, and the one account check per run) divided by N — in all, and without
 * iam:GetAccessKeyLastUsed, which only drain polling makes. The issue's targets: a cycle in at
 * most 1.2× its floor, and at most 7 calls per identity excluding drain polling. Neither is
 * asserted; the bench fails only when a rotation does not reach the state its run should leave.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { verifyAccount } from '../src/aws/account.ts'
import {
  IAM_WRITES,
  IAM_WRITES_PER_SECOND,
  SECRETS_WRITES,
  SECRETS_WRITES_PER_SECOND,
  type RateLimit,
} from '../src/aws/rate-limit.ts'
import { AwsRotationPort } from '../src/aws/rotation-port.ts'
import { AwsSession } from '../src/aws/session.ts'
import { clockFrom } from '../src/cli/clock.ts'
import { loadEnvironment } from '../src/cli/planning.ts'
import { openRecordBook } from '../src/cli/record-book.ts'
import type { ResolvedEnvironment } from '../src/model/resolved.ts'
import { run } from '../src/cli/run.ts'
import { advanceRotation, type RotateOptions, type RotationTarget } from '../src/keys/rotate.ts'
import { rotationTargets } from '../src/keys/targets.ts'
import type { RotationAct, RotationOutcome } from '../src/model/rotation-events.ts'
import type { RotationState } from '../src/model/rotation-record.ts'
import { startFaultProxy, type FaultProxy, type RateCap } from '../test/support/fault-proxy.ts'
import { startMoto, type Moto } from '../test/support/moto.ts'
import { ACCOUNT, ENVIRONMENT, REGION } from './support/manifest.ts'
import {
  generateRotationManifest,
  ROTATION,
  type RotationBenchManifest,
} from './support/rotation-manifest.ts'
import {
  cliIo,
  CREDENTIALS,
  log,
  optionsOrExit,
  runBench,
  seconds,
  thousands,
} from './support/cli.ts'
import { pool } from '../src/keys/pool.ts'

const LATENCY_MS = 50

interface Family {
  readonly name: string
  readonly operation: RegExp
  readonly perSecond: number
}

const FAMILIES: readonly Family[] = [
  { ...IAM_WRITES, perSecond: IAM_WRITES_PER_SECOND },
  { ...SECRETS_WRITES, perSecond: SECRETS_WRITES_PER_SECOND },
]

/** Only drain polling reads a key's last use. */
const DRAIN_POLLING = 'iam:GetAccessKeyLastUsed'

/** The issue's targets for a full cycle. */
const TARGET_RATIO = 1.2
const TARGET_CALLS = 7
const TARGET_SIZE = 1000

/**
 * The most identities in flight in a run. With client-side limits every IAM write waits its turn
 * at 10/s whatever the width; the pool only has to keep that queue from running dry while the
 * other calls of each rotation (reads, SM writes, STS, 50 ms each) go on. The rotations in flight
 * also share journal writes (src/keys/record-book.ts): the wider the pool, the fewer. 64 is the
 * CLI's default too.
 */
const DEFAULT_CONCURRENCY = 64

interface Run {
  readonly clock: string
  readonly does: string
  /** What every identity must do in the run, and the state it must be left in. */
  readonly act: RotationAct
  readonly state: RotationState
}

const RUNS: readonly Run[] = [
  { clock: '+90d', does: 'start → promoted', act: 'promoted', state: 'draining' },
  { clock: '+92d', does: 'deactivate old', act: 'deactivated', state: 'inactive' },
  { clock: '+100d', does: 'delete old', act: 'deleted', state: 'current' },
]

interface Measured {
  readonly run: Run
  readonly ms: number
  /** What keyward sent, per operation, retries included (the session's count). */
  readonly calls: ReadonlyMap<string, number>
  /** What the proxy saw, reached AWS, and refused with a throttling error. */
  readonly proxied: ReadonlyMap<string, number>
  readonly forwarded: ReadonlyMap<string, number>
  readonly throttled: ReadonlyMap<string, number>
  /** Identities that did not end the run as expected, with why. */
  readonly wrong: readonly string[]
}

interface Outcome {
  readonly n: number
  readonly setupMs: number
  readonly runs: readonly Measured[]
}

interface Options {
  readonly sizes: readonly number[]
  readonly concurrency: number
  readonly clientLimits: boolean
  readonly keep: boolean
}

function parseArgs(argv: readonly string[]): Options {
  let sizes = [100, 1000]
  let concurrency = DEFAULT_CONCURRENCY
  let clientLimits = true
  let keep = false
  const value = (i: number, name: string): [string, number] => {
    const arg = argv[i] ?? ''
    return arg === name ? [argv[i + 1] ?? '', i + 1] : [arg.slice(name.length + 1), i]
  }
  const is = (arg: string, name: string) => arg === name || arg.startsWith(`${name}=`)
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    let text: string
    if (arg === '--keep') keep = true
    else if (is(arg, '--sizes')) {
      ;[text, i] = value(i, '--sizes')
      sizes = text.split(',').map((s) => Number(s.trim()))
      if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1))
        throw new Error(`--sizes takes whole numbers of at least 1, comma-separated: ${text}`)
    } else if (is(arg, '--concurrency')) {
      ;[text, i] = value(i, '--concurrency')
      concurrency = Number(text)
      if (!Number.isInteger(concurrency) || concurrency < 1)
        throw new Error(`--concurrency takes a whole number of at least 1: ${text}`)
    } else if (is(arg, '--client-limits')) {
      ;[text, i] = value(i, '--client-limits')
      if (text !== 'on' && text !== 'off')
        throw new Error(`--client-limits takes on or off: ${text}`)
      clientLimits = text === 'on'
    } else
      throw new Error(
        `unknown argument ${arg} (use --sizes 100,1000, --concurrency N, --client-limits on|off, --keep)`,
      )
  }
  return { sizes, concurrency, clientLimits, keep }
}

const sum = (calls: ReadonlyMap<string, number>, which: (op: string) => boolean = () => true) =>
  [...calls.entries()].reduce((total, [op, n]) => (which(op) ? total + n : total), 0)
const perId = (count: number, n: number) => (count / n).toFixed(2)
const times = (ratio: number) => `${ratio.toFixed(2)}×`

function add(into: Map<string, number>, from: ReadonlyMap<string, number>): void {
  for (const [op, n] of from) into.set(op, (into.get(op) ?? 0) + n)
}

function familyOf(operation: string): Family | undefined {
  return FAMILIES.find((f) => f.operation.test(operation))
}

/** The least time the caps allow for what reached AWS, and which family sets it. */
function floorOf(forwarded: ReadonlyMap<string, number>): { ms: number; bound: string } {
  let worst = { ms: 0, bound: '—' }
  for (const f of FAMILIES) {
    const ms = (sum(forwarded, (op) => f.operation.test(op)) / f.perSecond) * 1000
    if (ms > worst.ms) worst = { ms, bound: f.name }
  }
  return { ms: worst.ms + LATENCY_MS, bound: worst.bound }
}

async function setUp(
  manifest: RotationBenchManifest,
  file: string,
  moto: Moto,
): Promise<{ targets: RotationTarget[]; env: ResolvedEnvironment; ms: number }> {
  const validated = cliIo('')
  if ((await run(['validate', file], validated.io)) !== 0)
    throw new Error(`the generated manifest is invalid:\n${validated.out.stdout}`)
  let done = 0
  const applying = cliIo(moto.endpoint, (text) => {
    done += text.split('\n').filter((line) => line.startsWith('✔ ')).length
  })
  const started = performance.now()
  const ticker = setInterval(() => {
    log(`   setup: apply ${thousands(done)} changes, ${seconds(performance.now() - started)}`)
  }, 10_000)
  let status: number
  try {
    status = await run(['apply', file, '--yes'], applying.io)
  } finally {
    clearInterval(ticker)
  }
  if (status !== 0)
    throw new Error(
      `apply failed (exit ${status}):\n${applying.out.stderr}\n${applying.out.stdout.slice(-2000)}`,
    )
  const { desired } = await loadEnvironment(cliIo('').io, file, ENVIRONMENT, 'rotated')
  const targets = rotationTargets(desired)
  if (targets.length !== manifest.users.length)
    throw new Error(`${targets.length} rotation targets for ${manifest.users.length} users`)
  return { targets, env: desired, ms: performance.now() - started }
}

async function measureRun(
  rotation: Run,
  index: number,
  targets: readonly RotationTarget[],
  env: ResolvedEnvironment,
  proxy: FaultProxy,
  options: Options,
): Promise<Measured> {
  const limits: RateLimit[] = FAMILIES.map((f) => ({
    operation: f.operation,
    perSecond: f.perSecond,
  }))
  const caps: RateCap[] = FAMILIES.map((f) => ({ operation: f.operation, perSecond: f.perSecond }))
  proxy.resetCounts()
  // Days pass between the runs of a real cycle: every bucket is full when a run starts.
  proxy.setRateCaps(caps)
  const session = new AwsSession({
    region: REGION,
    endpoint: proxy.endpoint,
    credentials: CREDENTIALS,
    ...(options.clientLimits ? { rateLimits: limits } : {}),
  })
  const port = new AwsRotationPort(session)
  const settings: RotateOptions = {
    now: clockFrom(rotation.clock, undefined, new Date()),
    mode: 'due',
    adopt: false,
    verifyWithinMs: 5 * 60_000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  }
  const acts = new Map<string, Set<RotationAct>>()
  let finished = 0
  const started = performance.now()
  const ticker = setInterval(() => {
    log(
      `   run ${index + 1}: ${thousands(finished)}/${thousands(targets.length)} identities, ` +
        `${thousands(session.totalCalls)} calls, ${thousands(sum(proxy.throttled))} throttled, ` +
        seconds(performance.now() - started),
    )
  }, 10_000)
  type Failed = { readonly kind: 'failed'; readonly id: string; readonly error: unknown }
  let outcomes: (RotationOutcome | Failed)[]
  try {
    await verifyAccount(session, ACCOUNT)
    const book = await openRecordBook(session, env)
    outcomes = await pool(targets, options.concurrency, async (target) => {
      const seen = new Set<RotationAct>()
      acts.set(target.id, seen)
      try {
        return await advanceRotation(port, book, target, settings, (event) => {
          if (event.kind === 'act') seen.add(event.act)
        })
      } catch (error) {
        return { kind: 'failed' as const, id: target.id, error }
      } finally {
        finished++
      }
    })
  } finally {
    clearInterval(ticker)
  }
  const ms = performance.now() - started
  for (const client of [session.iam, session.sts, session.secrets, session.ssm]) client.destroy()

  const wrong: string[] = []
  for (const o of outcomes) {
    if (o.kind === 'failed')
      wrong.push(`${o.id}: failed: ${o.error instanceof Error ? o.error.message : String(o.error)}`)
    else if (o.kind === 'refused') wrong.push(`${o.id}: refused: ${o.reason}`)
    else if (o.state !== rotation.state || acts.get(o.id)?.has(rotation.act) !== true)
      wrong.push(
        `${o.id}: left ${o.state} (${[...(acts.get(o.id) ?? [])].join(', ') || 'nothing done'}), ` +
          `expected ${rotation.act} and ${rotation.state}`,
      )
  }
  return {
    run: rotation,
    ms,
    calls: new Map(session.calls),
    proxied: new Map(proxy.calls),
    forwarded: new Map(proxy.forwarded),
    throttled: new Map(proxy.throttled),
    wrong,
  }
}

async function measure(
  n: number,
  options: Options,
  dir: string,
  stack: (() => Promise<void>)[],
): Promise<Outcome> {
  const manifest = generateRotationManifest(n)
  const file = join(dir, `rotbench-${n}.yaml`)
  await writeFile(file, manifest.text, 'utf8')
  log(`\n── N = ${thousands(n)} users, each with its key in Secrets Manager`)

  const moto: Moto = await startMoto({ account: ACCOUNT })
  stack.push(() => moto.stop())
  const setup = await setUp(manifest, file, moto)
  log(`   setup: validated and applied in ${seconds(setup.ms)} (not measured)`)

  const proxy: FaultProxy = await startFaultProxy(moto.endpoint)
  stack.push(() => proxy.close())
  proxy.setRules([{ kind: 'latency', delayMs: LATENCY_MS }])

  const runs: Measured[] = []
  for (const [i, rotation] of RUNS.entries()) {
    const measured = await measureRun(rotation, i, setup.targets, setup.env, proxy, options)
    runs.push(measured)
    const floor = floorOf(measured.forwarded)
    log(
      `   run ${i + 1} (--clock ${rotation.clock}, ${rotation.does}): ${seconds(measured.ms)}, ` +
        `floor ${seconds(floor.ms)}, ${thousands(sum(measured.calls))} calls, ` +
        `${thousands(sum(measured.throttled))} throttled` +
        (measured.wrong.length === 0 ? '' : `, ${measured.wrong.length} NOT as expected`),
    )
    const proxied = sum(measured.proxied)
    if (proxied !== sum(measured.calls))
      log(`   note: keyward counted ${sum(measured.calls)} calls, the proxy ${proxied}`)
  }
  return { n, setupMs: setup.ms, runs }
}

interface Totals {
  readonly ms: number
  readonly floorMs: number
  readonly calls: number
  readonly polling: number
  readonly throttled: number
}

function totalsOf(runs: readonly Measured[]): Totals {
  let ms = 0
  let floorMs = 0
  let calls = 0
  let polling = 0
  let throttled = 0
  for (const r of runs) {
    ms += r.ms
    floorMs += floorOf(r.forwarded).ms
    calls += sum(r.calls)
    polling += r.calls.get(DRAIN_POLLING) ?? 0
    throttled += sum(r.throttled)
  }
  return { ms, floorMs, calls, polling, throttled }
}

function report(o: Outcome, options: Options): void {
  const n = o.n
  log(
    `\nP3 — N = ${thousands(n)}: full rotation cycle through the proxy (${LATENCY_MS} ms a call; ` +
      FAMILIES.map((f) => `${f.name} ${f.perSecond}/s`).join(', ') +
      `), concurrency ${options.concurrency}, client-side limits ${options.clientLimits ? 'on' : 'off'}`,
  )
  const columns = [
    ['', 30],
    ['wall', 9],
    ['floor', 9],
    ['ratio', 7],
    ['floor set by', 13],
    ['calls/id', 9],
    ['excl. poll', 11],
    ['throttled', 10],
    ['not done', 9],
  ] as const
  const row = (cells: readonly string[]) =>
    log(cells.map((c, i) => (i === 0 ? c.padEnd(30) : c.padStart(columns[i]?.[1] ?? 8))).join(''))
  row(columns.map(([label]) => label))
  for (const [i, r] of o.runs.entries()) {
    const floor = floorOf(r.forwarded)
    const calls = sum(r.calls)
    row([
      `run ${i + 1} ${r.run.clock.padEnd(5)} ${r.run.does}`,
      seconds(r.ms),
      seconds(floor.ms),
      times(r.ms / floor.ms),
      floor.bound,
      perId(calls, n),
      perId(calls - (r.calls.get(DRAIN_POLLING) ?? 0), n),
      thousands(sum(r.throttled)),
      String(r.wrong.length),
    ])
  }
  const t = totalsOf(o.runs)
  row([
    'full cycle',
    seconds(t.ms),
    seconds(t.floorMs),
    times(t.ms / t.floorMs),
    '',
    perId(t.calls, n),
    perId(t.calls - t.polling, n),
    thousands(t.throttled),
    String(o.runs.reduce((w, r) => w + r.wrong.length, 0)),
  ])

  // Per operation, per identity: where the calls of a cycle go.
  const cycle = new Map<string, number>()
  const throttled = new Map<string, number>()
  for (const r of o.runs) {
    add(cycle, r.calls)
    add(throttled, r.throttled)
  }
  log('\n  calls per identity, per operation (keyward sent; retries included):')
  log(
    `    ${'operation'.padEnd(42)}${'run 1'.padStart(7)}${'run 2'.padStart(7)}${'run 3'.padStart(7)}` +
      `${'cycle'.padStart(7)}${'throttled'.padStart(11)}  capped as`,
  )
  const operations = [...cycle.entries()].sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
  for (const [op, count] of operations) {
    const per = o.runs.map((r) => perId(r.calls.get(op) ?? 0, n).padStart(7)).join('')
    log(
      `    ${op.padEnd(42)}${per}${perId(count, n).padStart(7)}` +
        `${perId(throttled.get(op) ?? 0, n).padStart(11)}  ${familyOf(op)?.name ?? ''}`,
    )
  }
  const writes = FAMILIES.map((f) => {
    const reached = o.runs.reduce((w, r) => w + sum(r.forwarded, (op) => f.operation.test(op)), 0)
    return `${f.name} ${perId(reached, n)}`
  })
  log(`    per identity, reaching AWS: ${writes.join(', ')} (what the floor is made of)`)
  for (const r of o.runs) {
    if (r.wrong.length === 0) continue
    log(`\n  run at ${r.run.clock}: ${r.wrong.length} identities not as expected, e.g.:`)
    for (const line of r.wrong.slice(0, 5)) log(`    ${line}`)
  }
}

function summary(outcomes: readonly Outcome[], options: Options): boolean {
  log(
    `\nP3 summary (concurrency ${options.concurrency}, client-side limits ${options.clientLimits ? 'on' : 'off'})`,
  )
  log(
    [
      'N'.padStart(6),
      'cycle wall'.padStart(12),
      'floor'.padStart(10),
      'ratio'.padStart(8),
      'calls/id'.padStart(10),
      'excl. poll'.padStart(12),
      'throttled'.padStart(11),
    ].join(''),
  )
  let ok = true
  for (const o of outcomes) {
    const t = totalsOf(o.runs)
    ok &&= o.runs.every((r) => r.wrong.length === 0)
    log(
      [
        thousands(o.n).padStart(6),
        seconds(t.ms).padStart(12),
        seconds(t.floorMs).padStart(10),
        times(t.ms / t.floorMs).padStart(8),
        perId(t.calls, o.n).padStart(10),
        perId(t.calls - t.polling, o.n).padStart(12),
        thousands(t.throttled).padStart(11),
      ].join(''),
    )
  }
  const target = outcomes.find((o) => o.n === TARGET_SIZE) ?? outcomes.at(-1)
  if (target !== undefined) {
    const t = totalsOf(target.runs)
    const ratio = t.ms / t.floorMs
    const calls = (t.calls - t.polling) / target.n
    const at = `at N = ${thousands(target.n)}`
    // The floor counts what reached AWS, so rotations that failed make it smaller, not the
    // ratio worse: a cycle that left work undone has not met the target, whatever its ratio.
    const undone = target.runs.reduce((w, r) => w + r.wrong.length, 0)
    log(
      `target ≤ ${TARGET_RATIO}× the rate-limit floor ${at}: ` +
        `${ratio <= TARGET_RATIO && undone === 0 ? 'met' : 'MISSED'} (${times(ratio)}: ${seconds(t.ms)} against ${seconds(t.floorMs)}` +
        `${undone === 0 ? '' : `; ${thousands(undone)} rotation steps not done, which the floor leaves out`})` +
        (target.n === TARGET_SIZE ? '' : ` — N = ${thousands(TARGET_SIZE)} not measured`),
    )
    log(
      `target ≤ ${TARGET_CALLS} calls per identity per cycle, drain polling excluded, ${at}: ` +
        `${calls <= TARGET_CALLS ? 'met' : 'MISSED'} (${calls.toFixed(2)})`,
    )
  }
  log(
    `(rotation policy every ${ROTATION.every}, drain ${ROTATION.drain}, deactivateFor ` +
      `${ROTATION.deactivateFor}, verify on; no drain polling happens in this cycle: run 2 comes ` +
      'after the drain, so it deactivates without asking when the old key was last used)',
  )
  for (const o of outcomes)
    if (o.runs.some((r) => r.wrong.length > 0))
      log(`FAIL: at N = ${thousands(o.n)} some rotations did not reach the expected state`)
  return ok
}

const options: Options = optionsOrExit(parseArgs)
await runBench({
  title: `P3 — a full key rotation cycle under AWS's rate limits (moto, account ${ACCOUNT})`,
  sizes: options.sizes,
  keep: options.keep,
  scratch: 'keyward-rotate-bench-',
  measure: (n, dir, stack) => measure(n, options, dir, stack),
  report: (outcome) => report(outcome, options),
  summary: (outcomes) => summary(outcomes, options),
})
