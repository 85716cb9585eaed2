import { createHash } from 'node:crypto'

/** A short, stable digest of a JSON value (keys sorted), for fingerprints and format tags. */
export function digest(value: unknown, length = 16): string {
  return createHash('sha256').update(stableJson(value)).digest('hex').slice(0, length)
}

export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`
  }
  // undefined (and functions) have no JSON text.
  const text = JSON.stringify(value) as string | undefined
  return text ?? 'null'
}
