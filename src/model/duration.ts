/**
 * Durations in the manifest are written as `90d`, `12h`, `30m` or `45s` — the units rotation and
 * refresh schedules need — and are carried as whole seconds.
 */

const UNIT_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800 } as const

export const DURATION_PATTERN = /^(\d+)(s|m|h|d|w)$/

/** Returns seconds, or undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text)
  if (match === null) return undefined
  const [, amount, unit] = match
  return Number(amount) * UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS]
}

/** The shortest exact rendering: 604800 → `7d`, 5400 → `90m`. */
export function formatDuration(seconds: number): string {
  for (const unit of ['d', 'h', 'm'] as const) {
    const size = UNIT_SECONDS[unit]
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`
  }
  return `${seconds}s`
}
