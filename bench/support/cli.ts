/** What the benches share: moto's credentials, and the CLI run in this process against it. */
import { mkdtempSync, rmSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Io } from '../../src/cli/io.ts'

/** moto accepts any credentials; these are AWS's documented example keys. */
export const CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}

export function log(text = ''): void {
  process.stdout.write(`${text}\n`)
}

/** The CLI's io in this process against `endpoint`; output is kept for inspection, not printed. */
export function cliIo(endpoint: string, onStdout: (text: string) => void = () => undefined) {
  const out = { stdout: '', stderr: '' }
  const io: Io = {
    stdout: (text) => {
      out.stdout += text
      onStdout(text)
    },
    stderr: (text) => void (out.stderr += text),
    readFile: (path) => readFile(path, 'utf8'),
    writeFile: (path, text) => writeFile(path, text, 'utf8'),
    readStdin: () => Promise.resolve(''),
    color: false,
    env: {
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL: endpoint,
    },
  }
  return { io, out }
}

export interface BenchRun<O> {
  readonly title: string
  readonly sizes: readonly number[]
  readonly keep: boolean
  /** Prefix of the scratch directory for generated manifests. */
  readonly scratch: string
  /** One size; whatever it starts goes on `stack`, stopped in reverse order after it. */
  measure(n: number, dir: string, stack: (() => Promise<void>)[]): Promise<O>
  report(outcome: O): void
  /** Prints the one-line summary; false when a target or a check failed. */
  summary(outcomes: readonly O[]): boolean
}

/**
 * The frame every bench shares: sizes in turn, everything started stopped again in reverse
 * order — on success, failure or Ctrl-C — the scratch directory removed unless kept, and an exit
 * status of 1 when a size failed or its summary says so.
 */
export async function runBench<O>(bench: BenchRun<O>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), bench.scratch))
  const stack: (() => Promise<void>)[] = []
  const unwind = async () => {
    while (stack.length > 0)
      await stack
        .pop()?.()
        .catch(() => undefined)
  }
  const removeDir = () => {
    if (bench.keep) log(`\nkept the manifests in ${dir}`)
    else rmSync(dir, { recursive: true, force: true })
  }
  process.once('SIGINT', () => {
    void unwind()
      .then(removeDir)
      .finally(() => process.exit(130))
  })
  const started = performance.now()
  const outcomes: O[] = []
  let failed: boolean
  try {
    log(bench.title)
    for (const n of bench.sizes) {
      try {
        outcomes.push(await bench.measure(n, dir, stack))
      } finally {
        await unwind()
      }
      const last = outcomes.at(-1)
      if (last !== undefined) bench.report(last)
    }
    failed = !bench.summary(outcomes)
  } catch (error) {
    failed = true
    process.stderr.write(
      `\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
  } finally {
    await unwind()
    removeDir()
  }
  log(`\nbench run time: ${((performance.now() - started) / 1000).toFixed(1)} s`)
  process.exitCode = failed ? 1 : 0
}

/** The bench's options from its arguments, or the problem on stderr and exit status 2. */
export function optionsOrExit<T>(parse: (argv: readonly string[]) => T): T {
  try {
    return parse(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(2)
  }
}

export const thousands = (n: number) => n.toLocaleString('en-US')
export const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`
