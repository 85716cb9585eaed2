import { readFile, writeFile } from 'node:fs/promises'
import type { Io } from '../../src/cli/io.ts'
import { run } from '../../src/cli/run.ts'

export interface Captured {
  readonly status: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs the CLI in-process and captures everything it prints. */
export async function cli(argv: readonly string[], overrides: Partial<Io> = {}): Promise<Captured> {
  let stdout = ''
  let stderr = ''
  const io: Io = {
    stdout: (text) => {
      stdout += text
    },
    stderr: (text) => {
      stderr += text
    },
    readFile: (path) => readFile(path, 'utf8'),
    writeFile: (path, text) => writeFile(path, text, 'utf8'),
    readStdin: () => Promise.resolve(''),
    color: false,
    env: {},
    ...overrides,
  }
  const status = await run(argv, io)
  return { status, stdout, stderr }
}
