import { AwsRotationPort } from '../../aws/rotation-port.ts'
import { IAM_WRITES_PER_SECOND, writeLimits } from '../../aws/rate-limit.ts'
import type { RetryObserver } from '../../aws/retry.ts'
import { isKeywardError, UsageError } from '../../errors.ts'
import { advanceRotation, type RotateOptions } from '../../keys/rotate.ts'
import type { RotationEvent, RotationOutcome } from '../../model/rotation-events.ts'
import { pool } from '../../keys/pool.ts'
import { rotationTargets } from '../../keys/targets.ts'
import { parseDuration } from '../../model/duration.ts'
import { formatRotationEvent, formatRotationOutcome } from '../../report/rotate-text.ts'
import { COLOR, PLAIN } from '../../report/style.ts'
import { outputFormat, parseCommandArgs } from '../args.ts'
import { AWS_OPTIONS } from '../aws-flags.ts'
import { connect } from '../aws.ts'
import { clockFrom } from '../clock.ts'
import { EXIT, reportError } from '../exit.ts'
import { COMMANDS, commandHelp } from '../help.ts'
import type { Io } from '../io.ts'
import { DEFAULT_MANIFEST } from '../manifest-files.ts'
import { loadEnvironment } from '../planning.ts'
import { openRecordBook } from '../record-book.ts'

/** IAM takes seconds to accept a new key, sometimes a minute or more. */
const DEFAULT_VERIFY_TIMEOUT = '5m'
/**
 * Rotations of one run share journal writes (keys/record-book.ts): the more run at once, the fewer
 * writes. The rate of AWS calls is bounded by the session's limiter, not by this.
 */
const DEFAULT_CONCURRENCY = 64

type Failed = { readonly kind: 'failed'; readonly id: string; readonly error: unknown }

export async function rotateCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('rotate', args, {
    env: { type: 'string', short: 'e' },
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
  const now = clockFrom(values.clock, io.env['KEYWARD_CLOCK'], new Date())
  const [file = DEFAULT_MANIFEST, ...ids] = positionals
  const { desired } = await loadEnvironment(io, file, values.env, 'rotated')
  const targets = rotationTargets(
    desired,
    values.rollback === undefined ? ids : [values.rollback, ...ids],
  )
  const emit = (event: object) => {
    if (json) io.stdout(`${JSON.stringify(event)}\n`)
  }
  const observer: RetryObserver = {
    onRetry: (operation, attempt, delayMs, error) =>
      emit({ type: 'retry', operation, attempt, delayMs, code: error.code }),
  }
  const { account, region } = desired.environment
  const session = await connect(values, io, account, region, observer, writeLimits(iamRate))
  const port = new AwsRotationPort(session)
  const book = await openRecordBook(session, desired)
  const options: RotateOptions = {
    now,
    mode,
    adopt: values.adopt === true,
    verifyWithinMs: verifyWithin * 1000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  }
  if (values['dry-run'] === true || values.yes !== true) {
    const preview = await pool(targets, concurrency, (t) =>
      advanceRotation(port, book, t, { ...options, dryRun: true }),
    )
    report(preview, io, json, style)
    const due = preview.filter((o) => o.kind === 'due').length
    if (values['dry-run'] === true || due === 0) return exitOf(preview, io)
    if (!(await confirmed(io, due, desired.project, desired.environment.name, account))) {
      io.stderr('Rotation cancelled; nothing was changed.\n')
      return EXIT.user
    }
  }
  const onEvent = (event: RotationEvent) => {
    if (json) emit({ type: 'rotation', ...event })
    else io.stdout(`${formatRotationEvent(event, style)}\n`)
  }
  const outcomes = await pool(targets, concurrency, (t) =>
    advanceRotation(port, book, t, options, onEvent).catch((error: unknown): Failed => ({
      kind: 'failed',
      id: t.id,
      error,
    })),
  )
  report(outcomes, io, json, style)
  return exitOf(outcomes, io)
}

function report(
  outcomes: readonly (RotationOutcome | Failed)[],
  io: Io,
  json: boolean,
  style: typeof PLAIN,
): void {
  for (const o of outcomes) {
    if (o.kind === 'failed') {
      if (json) io.stdout(`${JSON.stringify({ type: 'failed', id: o.id, ...describe(o.error) })}\n`)
      else io.stderr(`${style.red('✖')} ${o.id}: ${describe(o.error).message}\n`)
      continue
    }
    if (json) io.stdout(`${JSON.stringify({ type: 'outcome', ...o })}\n`)
    else io.stdout(`${formatRotationOutcome(o, style)}\n`)
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

async function confirmed(
  io: Io,
  due: number,
  project: string,
  env: string,
  account: string,
): Promise<boolean> {
  if (io.ask === undefined) {
    throw new UsageError(
      'usage',
      'rotate changes access keys and nobody is at a terminal to confirm.',
      'Pass --yes (a scheduled `rotate --due --yes` is the usual way to run it).',
    )
  }
  const answer = await io.ask(
    `Advance ${due === 1 ? 'this rotation' : `these ${due} rotations`} for ${project} / ${env} in account ${account}? Only "yes" goes on: `,
  )
  return answer.trim() === 'yes'
}
