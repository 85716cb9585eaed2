/**
 * Output of a command that runs in several environments at once: their lines interleave as the
 * work does, so each text line starts with its environment and each JSON line carries it. With
 * one environment nothing is added, and the output is what it always was.
 */
import { EXIT } from './exit.ts'
import type { Io } from './io.ts'

export interface EnvironmentOutput {
  /** Text goes here: every line prefixed with `[env]` when there are several environments. */
  readonly io: Io
  /** One JSON line on standard output, with `env` after `type` when there are several. */
  readonly emit: (event: { readonly type: string; readonly [field: string]: unknown }) => void
}

/** Each environment's output, by name; prefixes are padded so that the lines line up. */
export function environmentOutputs(
  io: Io,
  names: readonly string[],
): (name: string) => EnvironmentOutput {
  if (names.length < 2) return () => plain(io)
  const width = Math.max(...names.map((n) => n.length))
  const outputs = new Map(names.map((n) => [n, labelled(io, n, `[${n}]`.padEnd(width + 3))]))
  return (name) => outputs.get(name) ?? labelled(io, name, `[${name}] `)
}

function plain(io: Io): EnvironmentOutput {
  return { io, emit: (event) => io.stdout(`${JSON.stringify(event)}\n`) }
}

function labelled(io: Io, env: string, prefix: string): EnvironmentOutput {
  const prefixed = (text: string) => text.replace(/^(?=.)/gm, prefix)
  return {
    io: {
      ...io,
      stdout: (text) => io.stdout(prefixed(text)),
      stderr: (text) => io.stderr(prefixed(text)),
    },
    emit: ({ type, ...rest }) => io.stdout(`${JSON.stringify({ type, env, ...rest })}\n`),
  }
}

/** Exit statuses from best to worst: success, a refusal, AWS failing, keyward failing. */
const RANK = [EXIT.ok, EXIT.user, EXIT.aws, EXIT.internal]

/** The worst of several environments' exit statuses decides the run's. */
export function worstExit(statuses: readonly number[]): number {
  return statuses.reduce((worst, s) => (RANK.indexOf(s) > RANK.indexOf(worst) ? s : worst), EXIT.ok)
}
