/**
 * Shrinking a differential case to the smallest one that still shows the same disagreement, so
 * a report shows only what matters.
 */
import type { DiffCase, JsonValue, PolicyDocument, StatementDocument } from './cases.ts'

interface Slot {
  readonly policy: PolicyDocument
  readonly replace: (p: PolicyDocument | undefined) => DiffCase
}

function slots(c: DiffCase): Slot[] {
  const out: Slot[] = []
  c.identity.forEach((policy, i) =>
    out.push({
      policy,
      replace: (p) => ({
        ...c,
        identity: p === undefined ? c.identity.filter((_, j) => j !== i) : c.identity.with(i, p),
      }),
    }),
  )
  c.scps.forEach((level, l) =>
    level.forEach((policy, i) =>
      out.push({
        policy,
        replace: (p) => {
          const next = p === undefined ? level.filter((_, j) => j !== i) : level.with(i, p)
          const scps = next.length === 0 ? c.scps.filter((_, m) => m !== l) : c.scps.with(l, next)
          return { ...c, scps }
        },
      }),
    ),
  )
  for (const key of ['resourcePolicy', 'boundary', 'session'] as const) {
    const policy = c[key]
    if (policy === undefined) continue
    out.push({
      policy,
      replace: (p) => {
        const { [key]: _, ...rest } = c
        return p === undefined ? rest : { ...rest, [key]: p }
      },
    })
  }
  return out
}

function* smallerStatements(s: StatementDocument): Generator<StatementDocument> {
  const { Sid: _, ...withoutSid } = s
  if ('Sid' in s) yield withoutSid
  const condition = s['Condition']
  if (condition !== undefined) {
    const { Condition: _c, ...rest } = s
    yield rest
  }
  if (isRecord(condition)) {
    for (const [operator, block] of Object.entries(condition)) {
      if (!isRecord(block)) continue
      for (const [key, values] of Object.entries(block)) {
        const others = Object.fromEntries(Object.entries(block).filter(([k]) => k !== key))
        const without: Record<string, JsonValue> = Object.fromEntries(
          Object.entries(condition).filter(([op]) => op !== operator),
        )
        if (Object.keys(others).length > 0) without[operator] = others
        if (Object.keys(without).length > 0) yield { ...s, Condition: without }
        if (Array.isArray(values) && values.length > 1) {
          for (const v of values)
            yield { ...s, Condition: { ...condition, [operator]: { ...block, [key]: v } } }
        }
      }
    }
  }
  for (const element of ['Action', 'NotAction', 'Resource', 'NotResource']) {
    const list = s[element]
    if (Array.isArray(list) && list.length > 1) for (const v of list) yield { ...s, [element]: v }
  }
  // A plain `*` reads faster than the pattern it replaces, where the finding survives it.
  for (const element of ['Action', 'Resource']) {
    const value = s[element]
    if (value !== undefined && value !== '*') yield { ...s, [element]: '*' }
  }
  for (const element of ['Principal', 'NotPrincipal']) {
    const principal = s[element]
    const aws = isRecord(principal) ? principal['AWS'] : undefined
    if (Array.isArray(aws) && aws.length > 1) {
      for (const v of aws) yield { ...s, [element]: { AWS: v } }
    }
  }
}

function* smallerCases(c: DiffCase): Generator<DiffCase> {
  if (c.resourcePolicy !== undefined || c.boundary !== undefined || c.session !== undefined) {
    const { resourcePolicy: _r, boundary: _b, session: _s, ...bare } = c
    yield bare
  }
  if (c.scps.length > 0) yield { ...c, scps: [] }
  for (const slot of slots(c)) yield slot.replace(undefined)
  for (const slot of slots(c)) {
    const statements = slot.policy.Statement
    if (statements.length > 1) {
      for (let i = 0; i < statements.length; i++) {
        yield slot.replace({ ...slot.policy, Statement: statements.filter((_, j) => j !== i) })
      }
    }
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i]
      if (statement === undefined) continue
      for (const smaller of smallerStatements(statement)) {
        yield slot.replace({ ...slot.policy, Statement: statements.with(i, smaller) })
      }
    }
  }
  for (const key of Object.keys(c.context)) {
    const { [key]: _, ...context } = c.context
    yield { ...c, context }
  }
}

/** Greedy shrinking: keep any smaller case for which `still` holds, until none does. */
export async function shrink(
  c: DiffCase,
  still: (candidate: DiffCase) => Promise<boolean>,
): Promise<DiffCase> {
  let current = c
  for (let progress = true; progress;) {
    progress = false
    for (const candidate of smallerCases(current)) {
      if (await still(candidate)) {
        current = candidate
        progress = true
        break
      }
    }
  }
  return current
}

export function isRecord(value: unknown): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
