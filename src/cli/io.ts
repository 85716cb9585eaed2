/**
 * Everything a command may touch outside itself. The CLI binary passes the real process; tests
 * pass buffers, so every byte a command prints can be inspected (and scanned for secrets).
 */
import { readFile, writeFile } from 'node:fs/promises'
import { createInterface } from 'node:readline/promises'

export interface Io {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  readonly readFile: (path: string) => Promise<string>
  readonly writeFile: (path: string, text: string) => Promise<void>
  /** All of standard input, for `-` in place of a file. */
  readonly readStdin: () => Promise<string>
  /** Colour and progress only where a person is watching. */
  readonly color: boolean
  readonly env: Readonly<Record<string, string | undefined>>
  /** Asks a person a question; absent when nobody is at a terminal to answer. */
  readonly ask?: (question: string) => Promise<string>
}

export function processIo(): Io {
  const env = process.env
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readFile: (path) => readFile(path, 'utf8'),
    writeFile: (path, text) => writeFile(path, text, { encoding: 'utf8', mode: 0o644 }),
    readStdin: async () => {
      const chunks: Buffer[] = []
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks).toString('utf8')
    },
    color: process.stdout.isTTY && env['NO_COLOR'] === undefined && env['TERM'] !== 'dumb',
    env,
    ...(process.stdin.isTTY && process.stdout.isTTY
      ? {
          ask: async (question: string) => {
            const rl = createInterface({ input: process.stdin, output: process.stdout })
            try {
              return await rl.question(question)
            } finally {
              rl.close()
            }
          },
        }
      : {}),
  }
}
