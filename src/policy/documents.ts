/**
 * Comparing policy documents the way IAM reads them: `"Action": "x"` and `["x"]` are the same,
 * and so are lists in another order. Statements keep their order — it is what people read — and
 * anything else (a changed Sid, an added condition) is a difference.
 */

const LISTS = new Set([
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'AWS',
  'Service',
  'Federated',
  'CanonicalUser',
])

export function normalizeDocument(document: unknown): unknown {
  if (typeof document !== 'object' || document === null) return document
  const record = document as Record<string, unknown>
  const statements = record['Statement']
  return {
    Version: record['Version'] ?? '2008-10-17',
    Statement: listOf(statements).map((s) => normalize(s)),
  }
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value
  return value === undefined ? [] : [value]
}

function normalize(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => normalize(v))
  if (typeof value !== 'object' || value === null) {
    return key !== undefined && LISTS.has(key) ? [value] : value
  }
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[k]
    if (k === 'Condition') out[k] = normalizeCondition(v)
    else if (LISTS.has(k))
      out[k] = (Array.isArray(v) ? [...(v as unknown[])] : [v]).map(String).sort()
    else if (k === 'Principal' && v === '*') out[k] = '*'
    else out[k] = normalize(v, k)
  }
  return out
}

function normalizeCondition(block: unknown): unknown {
  if (typeof block !== 'object' || block === null) return block
  const out: Record<string, Record<string, string[]>> = {}
  for (const [operator, keys] of Object.entries(block as Record<string, Record<string, unknown>>)) {
    const entries: Record<string, string[]> = {}
    for (const [key, values] of Object.entries(keys)) {
      entries[key] = (Array.isArray(values) ? values : [values]).map(String).sort()
    }
    out[operator] = Object.fromEntries(
      Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)),
    )
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)))
}

export function sameDocument(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalizeDocument(a)) === JSON.stringify(normalizeDocument(b))
}
