/**
 * keyward's scheduled runner as an AWS Lambda handler: `keyward rotate MANIFEST --due --yes`
 * inside the account, under a role of its own, so that no person's credentials ever mint a key.
 * `npm run build:runner` bundles this file into `index.mjs` with the manifest beside it as
 * `keyward.yaml`; EventBridge Scheduler (or any other trigger) invokes it.
 *
 * Each run advances every rotation by the steps now due and returns; it never waits for days
 * (DESIGN.md, Key lifecycle). What it does is logged to CloudWatch Logs one JSON line at a time,
 * exactly as `rotate -o json` prints it: key ids only as their last four characters, never a
 * secret.
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
 */
import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isKeywardError, KeywardError, UsageError, type ErrorSource } from '../errors.ts'
import { rotateCommand } from './commands/rotate.ts'
import { EXIT, reportError } from './exit.ts'
import type { Io } from './io.ts'
import { DEFAULT_MANIFEST } from './manifest-files.ts'
import { version } from './version.ts'

/**
 * What an invocation may ask for. Every field is optional, so a scheduled event with no input
 * (or EventBridge's own event, whose other fields are ignored) runs the bundled manifest.
 */
export interface RunnerEvent {
  /** Manifest path; relative paths are read next to the bundle. Else $KEYWARD_MANIFEST, else `keyward.yaml`. */
  readonly manifest?: string
  /** Environment(s) to rotate. Else $KEYWARD_ENV (comma-separated), else the manifest's only one. */
  readonly env?: string | readonly string[]
  /** Report what is due and change nothing (`rotate --dry-run`). */
  readonly dryRun?: boolean
  /** Only these identity ids (default: every identity with a key). */
  readonly ids?: readonly string[]
  /**
   * false: act with the function's own credentials even where an environment names an
   * `assumeRole` (`--no-assume-role`) — a runner that already is that role, in its account, while
   * a central pipeline uses the manifest's roles. Else $KEYWARD_NO_ASSUME_ROLE=1 says the same.
   */
  readonly assumeRole?: boolean
}

/** One line of `rotate -o json` that says where an identity stands: an outcome or a failure. */
export type RunnerOutcome = Readonly<Record<string, unknown>> & {
  readonly type: 'outcome' | 'failed'
  readonly id: string
}

/** What a successful invocation returns; key ids appear only as their last four characters. */
export interface RunnerSummary {
  readonly manifest: string
  readonly environments: readonly string[]
  readonly dryRun: boolean
  /** As the CLI's: 0 here, since any other status is thrown. */
  readonly exitCode: number
  /** Dry run only: identities a real run would advance now. */
  readonly due: number
  /** Identities this run moved at least one step forward. */
  readonly advanced: number
  /** Identities whose new key this run made current. */
  readonly rotated: number
  readonly outcomes: readonly RunnerOutcome[]
}

/**
 * Runs one rotation pass. Environment variables: KEYWARD_MANIFEST, KEYWARD_ENV, and what the
 * CLI reads — the Lambda runtime's AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN,
 * AWS_ENDPOINT_URL (an emulator), KEYWARD_CLOCK (tests and demos), KEYWARD_DEBUG.
 *
 * @throws KeywardError `runner-failed` when rotate's exit status is not 0 (a bad manifest or
 *   environment, the wrong account, a refused or failed rotation). Returning normally would
 *   record a successful invocation; throwing lets Lambda's Errors metric, alarms and the
 *   scheduler's retries and dead-letter queue see the failure. The message names what failed.
 * @throws UsageError when the event itself is malformed (a field of the wrong type).
 */
export async function handler(event: RunnerEvent | null = {}): Promise<RunnerSummary> {
  const request = readEvent(event ?? {})
  const lines = lineLogger()
  const io: Io = {
    stdout: lines.stdout,
    stderr: lines.stderr,
    readFile: (path) => readFile(path, 'utf8'),
    writeFile: (path) =>
      Promise.reject(
        new UsageError('file-unwritable', `The runner writes no files (asked to write ${path}).`),
      ),
    readStdin: () =>
      Promise.reject(new UsageError('usage', 'The runner has no standard input to read.')),
    color: false,
    env: process.env,
  }
  const args = [
    'rotate',
    ...request.environments.flatMap((e) => ['--env', e]),
    '--due',
    '--yes',
    '--output',
    'json',
    ...(request.dryRun ? ['--dry-run'] : []),
    ...(request.assumeRole ? [] : ['--no-assume-role']),
    '--',
    request.manifest,
    ...request.ids,
  ]
  console.log(JSON.stringify({ type: 'runner', version: await version(), command: args.join(' ') }))
  let exitCode: number
  let aborted: unknown
  try {
    exitCode = await rotateCommand(args.slice(1), io)
  } catch (error) {
    aborted = error
    exitCode = reportError(error, io)
  }
  lines.flush()
  const summary = summarize(request, exitCode, lines.records)
  if (exitCode !== EXIT.ok) throw failure(summary, aborted, lines.errors)
  return summary
}

interface Request {
  readonly manifest: string
  readonly environments: readonly string[]
  readonly dryRun: boolean
  readonly assumeRole: boolean
  readonly ids: readonly string[]
}

function readEvent(event: RunnerEvent): Request {
  const bad = (field: string, want: string) =>
    new UsageError('usage', `The runner's event field \`${field}\` must be ${want}.`)
  const { manifest, env, dryRun, ids, assumeRole } = event as Record<string, unknown>
  if (manifest !== undefined && typeof manifest !== 'string') throw bad('manifest', 'a path')
  if (dryRun !== undefined && typeof dryRun !== 'boolean') throw bad('dryRun', 'true or false')
  if (assumeRole !== undefined && typeof assumeRole !== 'boolean')
    throw bad('assumeRole', 'true or false')
  if (!isStrings(ids ?? [])) throw bad('ids', 'a list of identity ids')
  if (env !== undefined && typeof env !== 'string' && !isStrings(env))
    throw bad('env', 'an environment name or a list of them')
  const names = env ?? process.env['KEYWARD_ENV'] ?? ''
  const root = process.env['LAMBDA_TASK_ROOT'] ?? dirname(fileURLToPath(new URL(import.meta.url)))
  return {
    manifest: resolve(root, manifest ?? process.env['KEYWARD_MANIFEST'] ?? DEFAULT_MANIFEST),
    environments: (typeof names === 'string' ? names.split(',') : names)
      .map((n) => n.trim())
      .filter((n) => n !== ''),
    dryRun: dryRun === true,
    assumeRole: assumeRole ?? process.env['KEYWARD_NO_ASSUME_ROLE'] !== '1',
    ids: (ids ?? []) as readonly string[],
  }
}

function isStrings(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string')
}

/**
 * CloudWatch Logs makes one event of each console call: split output into lines so that each
 * JSON line stays one event, and keep the parsed JSON lines for the summary.
 */
function lineLogger() {
  const records: Record<string, unknown>[] = []
  const errors: string[] = []
  const pending = { out: '', err: '' }
  const emit = (line: string, toError: boolean) => {
    if (line === '') return
    if (toError) {
      errors.push(line)
      return console.error(line)
    }
    console.log(line)
    try {
      const parsed: unknown = JSON.parse(line)
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        records.push(parsed as Record<string, unknown>)
    } catch {
      // Not one of rotate's JSON lines; logged all the same.
    }
  }
  const writer = (stream: 'out' | 'err') => (text: string) => {
    const parts = (pending[stream] + text).split('\n')
    pending[stream] = parts.pop() ?? ''
    for (const line of parts) emit(line, stream === 'err')
  }
  return {
    records,
    errors,
    stdout: writer('out'),
    stderr: writer('err'),
    flush() {
      emit(pending.out, false)
      emit(pending.err, true)
      pending.out = pending.err = ''
    },
  }
}

function summarize(
  request: Request,
  exitCode: number,
  records: readonly Record<string, unknown>[],
): RunnerSummary {
  const outcomes = records.filter(
    (r): r is RunnerOutcome =>
      (r['type'] === 'outcome' || r['type'] === 'failed') && typeof r['id'] === 'string',
  )
  const acts = records.filter((r) => r['type'] === 'rotation' && r['kind'] === 'act')
  const idsWith = (list: readonly Record<string, unknown>[]) => new Set(list.map((r) => r['id']))
  return {
    manifest: request.manifest,
    environments: request.environments,
    dryRun: request.dryRun,
    exitCode,
    due: outcomes.filter((o) => o['kind'] === 'due').length,
    advanced: idsWith(acts).size,
    rotated: idsWith(acts.filter((r) => r['act'] === 'promoted')).size,
    outcomes,
  }
}

/**
 * One message naming every identity that did not end well, or the reason the run stopped and,
 * for a bad manifest, where its first error is (the log has them all).
 */
function failure(
  summary: RunnerSummary,
  aborted: unknown,
  stderr: readonly string[],
): KeywardError {
  const where = `${summary.manifest}${summary.environments.length === 0 ? '' : ` (${summary.environments.join(', ')})`}`
  const problems = summary.outcomes.flatMap((o) =>
    o.type === 'failed'
      ? [`${o.id} failed: ${String(o['message'])}`]
      : o['kind'] === 'refused'
        ? [`${o.id} refused: ${String(o['reason'])}`]
        : [],
  )
  const located = stderr.find((line) => /^\S+:\d+:\d+ error /.test(line))
  const reason =
    aborted === undefined
      ? problems.join('; ')
      : isKeywardError(aborted)
        ? `${aborted.message}${located === undefined ? '' : ` (${located})`}`
        : 'an unexpected error (see the log)'
  const source: ErrorSource = isKeywardError(aborted)
    ? aborted.source
    : summary.exitCode === EXIT.aws
      ? 'aws'
      : summary.exitCode === EXIT.user
        ? 'user'
        : 'internal'
  return new KeywardError(
    'runner-failed',
    `keyward rotate --due ${summary.dryRun ? '--dry-run ' : ''}of ${where} exited ${summary.exitCode}: ${reason || 'see the log'}`,
    {
      source,
      ...(aborted === undefined ? {} : { cause: aborted }),
      ...(isKeywardError(aborted) && aborted.hint !== undefined ? { hint: aborted.hint } : {}),
    },
  )
}
