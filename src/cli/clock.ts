/**
 * The time rotation decisions are made at. A key is due after 90 days; tests and demos cannot
 * wait that long, so `--clock` (or KEYWARD_CLOCK) moves keyward's clock: an ISO time, or an
 * offset from now such as `+90d`. AWS's own dates (key creation, last use) stay real.
 */
import { UsageError } from '../errors.ts'
import { parseDuration } from '../model/duration.ts'

export function clockFrom(flag: string | undefined, env: string | undefined, real: Date): Date {
  const text = flag ?? (env === '' ? undefined : env)
  if (text === undefined) return real
  if (text.startsWith('+')) {
    const seconds = parseDuration(text.slice(1))
    if (seconds !== undefined) return new Date(real.getTime() + seconds * 1000)
  } else if (/^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(Date.parse(text))) {
    return new Date(text)
  }
  throw new UsageError(
    'usage',
    `The clock \`${text}\` is neither a time (2027-02-19T10:00:00Z) nor an offset (+90d).`,
    'Use an ISO time, or + and a duration in s, m, h, d or w.',
  )
}
