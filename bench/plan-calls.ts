/**
 * Bench P2: how many AWS calls a no-op `keyward plan` makes for N identities, against a
 * Terraform-style refresh of the same resources — both measured in this process, against the
 * same moto account, through the same counting proxy (test/support/fault-proxy.ts).
 *
 *   npm run bench:plan-calls                      # N = 100 and N = 1,000
 *   npm run bench:plan-calls -- --sizes 100 --keep
 *   npm run bench:plan-calls -- --readers        # every secret also gets `readers` (a policy)
 *
 * For each N: a generated manifest (bench/support/manifest.ts) is validated, applied to an empty
 * moto account by the real CLI (`apply FILE --yes`), then planned again (`plan FILE -o json`),
 * which must be all no-ops. Then the refresh reads every resource that apply created. keyward's
 * wall time is the whole `plan` command — loading the manifest, reading, diffing, sweeping what
 * each change would allow — against the refresh's reads alone.
 *
 * What the refresh counts, per resource, is what the Read function of the equivalent resource
 * type in the Terraform AWS provider (hashicorp/terraform-provider-aws) calls:
 *
 *   provider configuration             sts:GetCallerIdentity, once
 *   aws_iam_policy                     iam:GetPolicy + iam:GetPolicyVersion (the default version's
 *                                      document). Tags come back with GetPolicy and the Read sets
 *                                      them from it, so ListPolicyTags is not called.
 *   aws_iam_group                      iam:GetGroup
 *   aws_iam_group_policy               iam:GetGroupPolicy (groups with an inline policy)
 *   aws_iam_group_policy_attachment    iam:ListAttachedGroupPolicies, one per attached policy: the
 *                                      Read lists the group's attachments to find its own
 *   aws_iam_role                       iam:GetRole (tags included)
 *   aws_iam_role_policy                iam:GetRolePolicy (roles with an inline policy)
 *   aws_iam_role_policy_attachment     iam:ListAttachedRolePolicies, one per attached policy
 *   aws_iam_user                       iam:GetUser. Its Read sets tags from GetUser's answer, so
 *                                      the tagging interceptor makes no ListUserTags call.
 *   aws_iam_user_policy                iam:GetUserPolicy (users with an inline policy)
 *   aws_iam_user_group_membership      iam:ListGroupsForUser (users in a group)
 *   aws_iam_access_key                 iam:ListAccessKeys: the Read finds the key among the
 *                                      user's keys (users with a key)
 *   aws_secretsmanager_secret          secretsmanager:DescribeSecret + GetResourcePolicy (always
 *                                      read, to fill the `policy` attribute)
 *   aws_secretsmanager_secret_version  secretsmanager:GetSecretValue — it reads the secret itself
 *   aws_ssm_parameter                  ssm:GetParameter (WithDecryption) + ssm:DescribeParameters
 *                                      (Name equals; for description, tier, key) +
 *                                      ssm:ListTagsForResource
 *
 * Every list is followed to its last page. Where the provider's behaviour has varied, the smaller
 * count is taken, so the refresh figure is a floor: the separate *_policy and *_attachment
 * resources are counted, not the aws_iam_role Read's own ListRolePolicies, GetRolePolicy and
 * ListAttachedRolePolicies that provider versions populating `inline_policy` and
 * `managed_policy_arns` make on top; no retries, no state backend reads. keyward's registry
 * parameter has no Terraform counterpart (Terraform keeps that bookkeeping in its state file).
 *
 * GetSecretValue and GetParameter WithDecryption return the access keys keyward minted; the
 * refresh drops them unread, and nothing of them is printed. Terraform keeps them in its state.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { run } from '../src/cli/run.ts'
import type { Plan } from '../src/plan/plan.ts'
import { startFaultProxy, type FaultProxy } from '../test/support/fault-proxy.ts'
import { startMoto, type Moto } from '../test/support/moto.ts'
import { ACCOUNT, generateManifest, REGION, type BenchManifest } from './support/manifest.ts'
import { PARALLELISM, refresh } from './support/refresh.ts'
import {
  cliIo,
  CREDENTIALS,
  log,
  optionsOrExit,
  runBench,
  seconds,
  thousands,
} from './support/cli.ts'

/** The issue's target for a no-op plan of 1,000 identities. */
const TARGET_CALLS = 40
const TARGET_SIZE = 1000

interface Measured {
  readonly ms: number
  readonly calls: ReadonlyMap<string, number>
}

interface Outcome {
  readonly n: number
  readonly manifest: BenchManifest
  readonly apply: Measured & { readonly changes: number }
  readonly plan: Measured & { readonly ops: number; readonly changed: readonly string[] }
  readonly refresh: Measured & { readonly resources: number; readonly secretValues: number }
}

interface Options {
  readonly sizes: readonly number[]
  readonly keep: boolean
  readonly readers: boolean
}

function parseArgs(argv: readonly string[]): Options {
  let sizes = [100, 1000]
  let keep = false
  let readers = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--keep') keep = true
    else if (arg === '--readers') readers = true
    else if (arg === '--sizes' || arg?.startsWith('--sizes=') === true) {
      const value = arg === '--sizes' ? argv[++i] : arg.slice('--sizes='.length)
      sizes = (value ?? '').split(',').map((s) => Number(s.trim()))
      if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 10))
        throw new Error(`--sizes takes whole numbers of at least 10, comma-separated: ${value}`)
    } else
      throw new Error(`unknown argument ${String(arg)} (use --sizes 100,1000, --keep, --readers)`)
  }
  return { sizes, keep, readers }
}

const total = (calls: ReadonlyMap<string, number>) =>
  [...calls.values()].reduce((sum, n) => sum + n, 0)
const ratio = (a: number, b: number) => (b === 0 ? '∞' : `${(a / b).toFixed(a / b < 10 ? 1 : 0)}×`)

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now()
  const value = await work()
  return { ms: performance.now() - start, value }
}

function describeMix(m: BenchManifest): string {
  const keyed = m.users.filter((u) => u.key !== undefined)
  const ssm = keyed.filter((u) => u.key?.store === 'ssm').length
  const readers = keyed.filter((u) => u.key?.readers === true).length
  return (
    `${thousands(m.users.length)} users (${m.users.filter((u) => u.inline).length} with an inline policy, ` +
    `${m.users.filter((u) => u.groups.length > 0).length} in a group, ${keyed.length} with a key: ` +
    `${keyed.length - ssm} in Secrets Manager${readers > 0 ? ` (${readers} with readers)` : ''}, ` +
    `${ssm} in SSM), ${m.groups.length} groups, ` +
    `${m.roles.length} roles, ${m.policies.length} managed policies`
  )
}

async function measure(
  n: number,
  options: Options,
  dir: string,
  stack: (() => Promise<void>)[],
): Promise<Outcome> {
  const manifest = generateManifest(n, { readers: options.readers })
  const file = join(dir, `planbench-${n}.yaml`)
  await writeFile(file, manifest.text, 'utf8')
  log(`\n── N = ${thousands(n)}: ${describeMix(manifest)}`)

  const validated = cliIo('')
  const status = await run(['validate', file], validated.io)
  if (status !== 0)
    throw new Error(
      `the generated manifest is invalid:\n${validated.out.stdout}${validated.out.stderr}`,
    )
  log(`   manifest ${file}: valid`)

  const moto: Moto = await startMoto({ account: ACCOUNT })
  stack.push(() => moto.stop())
  const proxy: FaultProxy = await startFaultProxy(moto.endpoint)
  stack.push(() => proxy.close())
  const snapshot = () => new Map(proxy.calls)

  // Apply, with a progress line every ten seconds: at N = 1,000 it takes a while.
  let planned = 0
  let done = 0
  const applying = cliIo(proxy.endpoint, (text) => {
    const announced = /Applying (\d+) changes?/.exec(text)
    if (announced?.[1] !== undefined) planned = Number(announced[1])
    done += text.split('\n').filter((line) => line.startsWith('✔ ')).length
  })
  const started = performance.now()
  const ticker = setInterval(() => {
    log(
      `   apply: ${thousands(done)}/${planned === 0 ? '?' : thousands(planned)} changes, ` +
        `${thousands(proxy.total())} calls, ${seconds(performance.now() - started)}`,
    )
  }, 10_000)
  let applied: { ms: number; value: number }
  try {
    applied = await timed(() => run(['apply', file, '--yes'], applying.io))
  } finally {
    clearInterval(ticker)
  }
  if (applied.value !== 0)
    throw new Error(
      `apply failed (exit ${applied.value}):\n${applying.out.stderr}\n${applying.out.stdout.slice(-2000)}`,
    )
  const apply = { ms: applied.ms, calls: snapshot(), changes: done }
  log(
    `   apply: ${thousands(done)} changes in ${seconds(apply.ms)}, ${thousands(total(apply.calls))} calls`,
  )

  proxy.resetCounts()
  const planning = cliIo(proxy.endpoint)
  const planRun = await timed(() => run(['plan', file, '-o', 'json'], planning.io))
  const planCalls = snapshot()
  if (planRun.value !== 0)
    throw new Error(`plan failed (exit ${planRun.value}):\n${planning.out.stderr}`)
  const parsed = JSON.parse(planning.out.stdout) as Plan
  const changed = [
    ...parsed.ops.filter((op) => op.op !== 'no-op').map((op) => `${op.op} ${op.kind} ${op.name}`),
    ...parsed.conflicts.map((c) => `conflict ${c.kind} ${c.name}: ${c.message}`),
  ]
  const plan = { ms: planRun.ms, calls: planCalls, ops: parsed.ops.length, changed }
  log(
    `   plan: ${thousands(plan.ops)} ops, ${changed.length === 0 ? 'all no-op' : `${changed.length} NOT no-op`}, ` +
      `${thousands(total(plan.calls))} calls in ${seconds(plan.ms)}`,
  )

  proxy.resetCounts()
  const refreshed = await timed(() =>
    refresh(manifest, { endpoint: proxy.endpoint, region: REGION, credentials: CREDENTIALS }),
  )
  const anchor = { ms: refreshed.ms, calls: snapshot(), ...refreshed.value }
  log(
    `   refresh: ${thousands(anchor.resources)} resources, ${thousands(total(anchor.calls))} calls in ${seconds(anchor.ms)}`,
  )
  return { n, manifest, apply, plan, refresh: anchor }
}

function operations(calls: ReadonlyMap<string, number>): string[] {
  return [...calls.entries()]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([op, count]) => `${op.padEnd(38)}${thousands(count).padStart(7)}`)
}

/** A long list of operations in two columns, down then across. */
function twoColumns(lines: readonly string[]): string[] {
  const half = Math.ceil(lines.length / 2)
  return lines
    .slice(0, half)
    .map((left, i) => `${left.padEnd(50)}${lines[half + i] ?? ''}`.trimEnd())
}

function report(o: Outcome): void {
  const k = total(o.plan.calls)
  const r = total(o.refresh.calls)
  log(`\nP2 — N = ${thousands(o.n)} identities (${describeMix(o.manifest)})`)
  const row = (label: string, calls: string, time: string) =>
    log(`${label.padEnd(40)}${calls.padStart(9)}${time.padStart(12)}`)
  row('', 'calls', 'wall time')
  row('keyward no-op plan', thousands(k), seconds(o.plan.ms))
  row(
    `Terraform-style refresh (${thousands(o.refresh.resources)} resources)`,
    thousands(r),
    seconds(o.refresh.ms),
  )
  row('ratio (refresh / keyward)', ratio(r, k), ratio(o.refresh.ms, o.plan.ms))
  row(
    `apply from empty (${thousands(o.apply.changes)} changes)`,
    thousands(total(o.apply.calls)),
    seconds(o.apply.ms),
  )
  log('\n  keyward no-op plan, calls per operation:')
  for (const line of operations(o.plan.calls)) log(`    ${line}`)
  log('\n  Terraform-style refresh, calls per operation:')
  for (const line of operations(o.refresh.calls)) log(`    ${line}`)
  log('\n  apply from empty, calls per operation:')
  for (const line of twoColumns(operations(o.apply.calls))) log(`    ${line}`)
  const values = o.plan.calls.get('secretsmanager:GetSecretValue') ?? 0
  log(
    `\n  The refresh read ${thousands(o.refresh.secretValues)} secret values (GetSecretValue, ` +
      'GetParameter WithDecryption): dropped here unprinted, but Terraform stores each in its ' +
      `state. keyward's plan read no key: its ${thousands(values)} GetSecretValue ` +
      `call${values === 1 ? '' : 's'} read the rotation journal, and its one ssm:GetParameter ` +
      'its registry.',
  )
  if (o.plan.changed.length > 0) {
    log(`\n  keyward's plan was NOT all no-op (${o.plan.changed.length}):`)
    for (const line of o.plan.changed.slice(0, 20)) log(`    ${line}`)
  }
}

function summary(outcomes: readonly Outcome[]): boolean {
  log('\nP2 summary')
  const header = [
    'N'.padStart(6),
    'plan calls'.padStart(11),
    'refresh calls'.padStart(14),
    'ratio'.padStart(7),
    'plan time'.padStart(10),
    'refresh time'.padStart(13),
    'ratio'.padStart(7),
    'apply calls'.padStart(12),
    'apply time'.padStart(11),
  ]
  log(header.join(''))
  for (const o of outcomes) {
    const k = total(o.plan.calls)
    const r = total(o.refresh.calls)
    log(
      [
        thousands(o.n).padStart(6),
        thousands(k).padStart(11),
        thousands(r).padStart(14),
        ratio(r, k).padStart(7),
        seconds(o.plan.ms).padStart(10),
        seconds(o.refresh.ms).padStart(13),
        ratio(o.refresh.ms, o.plan.ms).padStart(7),
        thousands(total(o.apply.calls)).padStart(12),
        seconds(o.apply.ms).padStart(11),
      ].join(''),
    )
  }
  let ok = true
  for (const o of outcomes) {
    if (o.plan.changed.length > 0) {
      ok = false
      log(`FAIL: at N = ${thousands(o.n)} the plan after apply is not all no-op`)
    }
  }
  const target = outcomes.find((o) => o.n === TARGET_SIZE)
  if (target === undefined)
    log(
      `target ≤ ${TARGET_CALLS} calls at N = ${thousands(TARGET_SIZE)}: not measured (add it to --sizes)`,
    )
  else {
    const calls = total(target.plan.calls)
    const met = calls <= TARGET_CALLS
    ok &&= met
    log(
      `target ≤ ${TARGET_CALLS} calls for a no-op plan at N = ${thousands(TARGET_SIZE)}: ` +
        `${met ? 'met' : 'MISSED'} (${calls} calls)`,
    )
  }
  log(
    `(refresh: ${PARALLELISM} reads at a time, Terraform's default -parallelism; both sides through ` +
      'the same proxy to the same moto)',
  )
  log(
    'moto pages differently from AWS: it answers GetAccountAuthorizationDetails in one page ' +
      'whatever MaxItems (AWS: at most 1,000 items a page, and may return fewer), and pages ' +
      'DescribeParameters by 10 whatever MaxResults (AWS: up to 50, but it pages before it ' +
      'filters, so a tag-filtered listing walks every parameter in the region).',
  )
  return ok
}

const options: Options = optionsOrExit(parseArgs)
await runBench({
  title: `P2 — AWS calls for a no-op plan: keyward vs a Terraform-style refresh (moto, account ${ACCOUNT})`,
  sizes: options.sizes,
  keep: options.keep,
  scratch: 'keyward-plan-calls-',
  measure: (n, dir, stack) => measure(n, options, dir, stack),
  report: (outcome) => report(outcome),
  summary: (outcomes) => summary(outcomes),
})
