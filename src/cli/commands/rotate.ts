import { AwsRotationPort } from '../../aws/rotation-port.ts'
import { IAM_WRITES_PER_SECOND, writeLimits } from '../../aws/rate-limit.ts'
import { isKeywardError, UsageError } from '../../errors.ts'
import type { RecordBook } from '../../keys/record-book.ts'
import { advanceRotation, type RotateOptions } from '../../keys/rotate.ts'
import type { RotationEvent, RotationOutcome } from '../../model/rotation-events.ts'
import { pool } from '../../keys/pool.ts'
import { rotationTargets } from '../../keys/targets.ts'
import { parseDuration } from '../../model/duration.ts'
import type { ResolvedEnvironment } from '../../model/resolved.ts'
import { formatRotationEvent, formatRotationOutcome } from '../../report/rotate-text.ts'
import { COLOR, PLAIN } from '../../report/style.ts'
import { acrossAccounts, parallelAccounts, eachEnvironment } from '../accounts.ts'
import { outputFormat, parseCommandArgs } from '../args.ts'
import { AWS_OPTIONS } from '../aws-flags.ts'
import { clockFrom } from '../clock.ts'
import { chooseEnvironments } from '../environments.ts'
import { environmentOutputs, worstExit, type EnvironmentOutput } from '../environment-output.ts'
import { EXIT, reportError } from '../exit.ts'
import { COMMANDS, commandHelp } from '../help.ts'
import type { Io } from '../io.ts'
import { DEFAULT_MANIFEST, loadValidManifest } from '../manifest-files.ts'
import { openRecordBook } from '../record-book.ts'

/** IAM takes seconds to accept a new key, sometimes a minute or more. */
const DEFAULT_VERIFY_TIMEOUT = '5m'
/**
 * Rotations of one run share journal writes (keys/record-book.ts): the more run at once, the fewer
 * writes. The rate of AWS calls is bounded by the session's limiter, not by this.
 */
const DEFAULT_CONCURRENCY = 64

type Failed = { readonly kind: 'failed'; readonly id: string; readonly error: unknown }

/** An environment connected to, its journal read, and (without --yes) what is due there. */
interface Prepared {
  readonly port: AwsRotationPort
  readonly book: RecordBook
  readonly preview?: readonly RotationOutcome[]
}

export async function rotateCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('rotate', args, {
    env: { type: 'string', short: 'e', multiple: true },
    'all-envs': { type: 'boolean', short: 'A' },
    due: { type: 'boolean' },
    now: { type: 'boolean' },
    rollback: { type: 'string' },
    adopt: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    output: { type: 'string', short: 'o' },
    clock: { type: 'string' },
    'verify-timeout': { type: 'string' },
    concurrency: { type: 'string' },
    'iam-write-rate': { type: 'string' },
    'parallel-accounts': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    ...AWS_OPTIONS,
  })
  if (values.help === true && COMMANDS['rotate']) {
    io.stdout(commandHelp(COMMANDS['rotate']))
    return EXIT.ok
  }
  const json = outputFormat(values.output, ['text', 'json']) === 'json'
  const style = io.color ? COLOR : PLAIN
  const modes = [values.due, values.now, values.rollback !== undefined].filter((m) => m === true)
  if (modes.length > 1)
    throw new UsageError('usage', 'Choose one of --due, --now and --rollback.', undefined)
  const mode = values.now === true ? 'now' : values.rollback !== undefined ? 'rollback' : 'due'
  const verifyWithin = parseDuration(values['verify-timeout'] ?? DEFAULT_VERIFY_TIMEOUT)
  const concurrency = Number(values.concurrency ?? DEFAULT_CONCURRENCY)
  if (verifyWithin === undefined)
    throw new UsageError('usage', '--verify-timeout takes a duration such as 90s or 5m.')
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new UsageError('usage', '--concurrency takes a whole number of at least 1.')
  const iamRate = Number(values['iam-write-rate'] ?? IAM_WRITES_PER_SECOND)
  if (!Number.isFinite(iamRate) || iamRate < 0)
    throw new UsageError(
      'usage',
      '--iam-write-rate takes IAM writes per second, such as 10, or 0 for no limit of keyward’s own.',
    )
  const parallel = parallelAccounts(values['parallel-accounts'])
  const now = clockFrom(values.clock, io.env['KEYWARD_CLOCK'], new Date())
  const [file = DEFAULT_MANIFEST, ...ids] = positionals
  const { manifest } = await loadValidManifest(io, file, 'rotated')
  const chosen = chooseEnvironments(manifest, values.env ?? [], values['all-envs'] === true)
  const envs = [...new Map(chosen.map((e) => [e.environment.name, e])).values()]
  const wanted = values.rollback === undefined ? ids : [values.rollback, ...ids]
  // An unknown identity is a usage error before any account is touched.
  const targets = new Map(envs.map((env) => [env, rotationTargets(env, wanted)]))
  const output = environmentOutputs(
    io,
    envs.map((e) => e.environment.name),
  )
  const outputOf = (env: ResolvedEnvironment) => output(env.environment.name)
  const targetsOf = (env: ResolvedEnvironment) => targets.get(env) ?? []
  const options: RotateOptions = {
    now,
    mode,
    adopt: values.adopt === true,
    verifyWithinMs: verifyWithin * 1000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  }
  const ask = values['dry-run'] === true || values.yes !== true

  const prepared = await eachEnvironment(
    values,
    io,
    envs,
    {
      rateLimits: writeLimits(iamRate),
      parallel,
      observer: (env) => ({
        onRetry: (operation, attempt, delayMs, error) => {
          if (json)
            outputOf(env).emit({ type: 'retry', operation, attempt, delayMs, code: error.code })
        },
      }),
    },
    async (env, session): Promise<Prepared> => {
      const port = new AwsRotationPort(session)
      const book = await openRecordBook(session, env)
      if (!ask) return { port, book }
      const preview = await pool(targetsOf(env), concurrency, (t) =>
        advanceRotation(port, book, t, { ...options, dryRun: true }),
      )
      return { port, book, preview }
    },
  )
  // Exit statuses of the environments that could not be prepared, and of the previews.
  const failures: number[] = []
  const previews: number[] = []
  const ready = new Map<ResolvedEnvironment, Prepared>()
  for (const run of prepared) {
    const out = outputOf(run.env)
    if (run.kind === 'failed') {
      failures.push(failedEnvironment(run.error, out, json && envs.length > 1))
      continue
    }
    ready.set(run.env, run.value)
    if (run.value.preview === undefined) continue
    report(run.value.preview, out, json, style)
    previews.push(exitOf(run.value.preview, out.io))
  }
  if (ask) {
    const due = [...ready].map(([env, p]) => ({
      env,
      count: (p.preview ?? []).filter((o) => o.kind === 'due').length,
    }))
    const total = due.reduce((sum, d) => sum + d.count, 0)
    if (values['dry-run'] === true || total === 0) return worstExit([...failures, ...previews])
    if (!(await confirmed(io, manifest.spec.project, due, envs.length))) {
      io.stderr('Rotation cancelled; nothing was changed.\n')
      return EXIT.user
    }
  }

  const runs = await acrossAccounts([...ready.keys()], parallel, async (env) => {
    const { port, book } = ready.get(env) as Prepared
    const out = outputOf(env)
    const onEvent = (event: RotationEvent) => {
      if (json) out.emit({ type: 'rotation', ...event })
      else out.io.stdout(`${formatRotationEvent(event, style)}\n`)
    }
    const outcomes = await pool(targetsOf(env), concurrency, (t) =>
      advanceRotation(port, book, t, options, onEvent).catch((error: unknown): Failed => ({
        kind: 'failed',
        id: t.id,
        error,
      })),
    )
    report(outcomes, out, json, style)
    return exitOf(outcomes, out.io)
  })
  return worstExit([
    ...failures,
    ...runs.map((run) =>
      run.kind === 'done' ? run.value : reportError(run.error, outputOf(run.env).io),
    ),
  ])
}

/**
 * An environment that could not be prepared (its role, its account, its journal): said where it
 * happened, as a JSON line too when the run's other environments go on.
 */
function failedEnvironment(error: unknown, out: EnvironmentOutput, jsonLine: boolean): number {
  if (jsonLine) out.emit({ type: 'failed', ...describe(error) })
  return reportError(error, out.io)
}

function report(
  outcomes: readonly (RotationOutcome | Failed)[],
  out: EnvironmentOutput,
  json: boolean,
  style: typeof PLAIN,
): void {
  for (const o of outcomes) {
    if (o.kind === 'failed') {
      if (json) out.emit({ type: 'failed', id: o.id, ...describe(o.error) })
      else out.io.stderr(`${style.red('✖')} ${o.id}: ${describe(o.error).message}\n`)
      continue
    }
    if (json) out.emit({ type: 'outcome', ...o })
    else out.io.stdout(`${formatRotationOutcome(o, style)}\n`)
  }
}

function describe(error: unknown): { message: string; hint?: string } {
  if (isKeywardError(error))
    return { message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) }
  return { message: error instanceof Error ? error.message : String(error) }
}

/** The worst outcome decides: a failure of AWS or keyward over a refusal over success. */
function exitOf(outcomes: readonly (RotationOutcome | Failed)[], io: Io): number {
  const failed = outcomes.find((o): o is Failed => o.kind === 'failed')
  if (failed !== undefined) {
    if (!isKeywardError(failed.error)) return reportError(failed.error, io)
    return EXIT[failed.error.source]
  }
  return outcomes.some((o) => o.kind === 'refused') ? EXIT.user : EXIT.ok
}

/** Asks once for the whole run, naming every environment and account it goes into. */
async function confirmed(
  io: Io,
  project: string,
  due: readonly { readonly env: ResolvedEnvironment; readonly count: number }[],
  chosen: number,
): Promise<boolean> {
  if (io.ask === undefined) {
    throw new UsageError(
      'usage',
      'rotate changes access keys and nobody is at a terminal to confirm.',
      'Pass --yes (a scheduled `rotate --due --yes` is the usual way to run it).',
    )
  }
  const total = due.reduce((sum, d) => sum + d.count, 0)
  const these = total === 1 ? 'this rotation' : `these ${total} rotations`
  const [only] = due
  const where =
    chosen === 1 && only !== undefined
      ? `${project} / ${only.env.environment.name} in account ${only.env.environment.account}`
      : `${project}: ${due.map((d) => `${d.count} in ${d.env.environment.name} (account ${d.env.environment.account})`).join(', ')}`
  const answer = await io.ask(`Advance ${these} for ${where}? Only "yes" goes on: `)
  return answer.trim() === 'yes'
}
