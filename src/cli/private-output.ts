/**
 * Where a secret may leave keyward for a person's use: a file only its owner can read, or the
 * standard input of `kubectl apply`. Never the terminal, never argv or the environment.
 */
import { spawn } from 'node:child_process'
import { chmod, open, unlink } from 'node:fs/promises'
import { KeywardError, UsageError } from '../errors.ts'

/**
 * Creates `path` with mode 0600 and writes `text`. An existing file is refused, unless `replace`:
 * then it is removed first, so the new file never inherits looser permissions.
 */
export async function writePrivateFile(
  path: string,
  text: string,
  replace: boolean,
): Promise<void> {
  if (path === '-') {
    throw new UsageError(
      'usage',
      '--file - would print the key on standard output.',
      'Name a file, or use --kubectl to hand it straight to kubectl.',
    )
  }
  if (replace) await unlink(path).catch(() => undefined)
  let handle
  try {
    handle = await open(path, 'wx', 0o600)
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code
    throw new UsageError(
      'file-unwritable',
      code === 'EEXIST'
        ? `${path} already exists; keyward will not write a key over a file it did not create.`
        : `Cannot create ${path}: ${code === 'ENOENT' ? 'its directory does not exist' : String(code ?? error)}.`,
      code === 'EEXIST' ? 'Remove it, or pass --force to replace it.' : undefined,
    )
  }
  try {
    // The umask can only remove bits from 0600, but a file system may ignore the mode: make sure.
    await handle.chmod(0o600)
    await handle.writeFile(text, 'utf8')
  } finally {
    await handle.close()
  }
  await chmod(path, 0o600)
}

export interface PipeResult {
  readonly status: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs `command ARGS` with `input` on its standard input only. */
export function pipeTo(
  command: string,
  args: readonly string[],
  input: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<PipeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...env }, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new UsageError(
              'usage',
              `${command} is not on PATH.`,
              'Install kubectl, or write the Secret to a file with --file PATH.',
            )
          : new KeywardError('bootstrap-failed', `Could not run ${command}: ${error.message}`, {
              source: 'user',
            }),
      )
    })
    child.on('close', (code) => resolve({ status: code ?? 1, stdout, stderr }))
    // kubectl may exit before reading everything (a bad context): that is its answer, not ours.
    child.stdin.on('error', () => undefined)
    child.stdin.end(input, 'utf8')
  })
}
