/**
 * Exit statuses and the one place a failure is turned into a message: every failure becomes a
 * one-paragraph message; a stack trace reaches the terminal only with KEYWARD_DEBUG=1.
 */
import { isKeywardError, type ErrorSource } from '../errors.ts'
import type { Io } from './io.ts'

export const EXIT: Readonly<Record<ErrorSource | 'ok', number>> = {
  ok: 0,
  internal: 1,
  user: 2,
  aws: 3,
}

export function reportError(error: unknown, io: Io): number {
  if (isKeywardError(error)) {
    const label = error.source === 'internal' ? 'internal error: ' : ''
    io.stderr(`keyward: ${label}${error.message}\n`)
    if (error.hint !== undefined) io.stderr(`  hint: ${error.hint}\n`)
    if (io.env['KEYWARD_DEBUG'] === '1' && error.stack !== undefined) io.stderr(`${error.stack}\n`)
    return EXIT[error.source]
  }
  const message = error instanceof Error ? error.message : String(error)
  io.stderr(
    `keyward: internal error: ${message}\n  This is a bug in keyward; please report it with the command you ran.\n`,
  )
  if (io.env['KEYWARD_DEBUG'] === '1' && error instanceof Error && error.stack !== undefined) {
    io.stderr(`${error.stack}\n`)
  }
  return EXIT.internal
}
