/**
 * Building and inspecting {@link TfValue}s. Two kinds of `unknown` exist: a *failure* is an error
 * Terraform itself would report (a missing attribute, a type mismatch), which `try()` and `can()`
 * look past; any other unknown is a value keyward cannot know here (known only after apply, a
 * variable without a value), which they do not.
 */
import type { Loc, Origin, Segment, TfString, TfUnknown, TfValue } from './value.ts'
import { concreteText } from './value.ts'

const failures = new WeakSet<TfValue>()

/** A value known only after apply, or that keyward cannot know here. */
export function unknown(reason: string, loc: Loc): TfUnknown {
  return { kind: 'unknown', reason, loc }
}

/** An error Terraform would report for this expression. */
export function failure(reason: string, loc: Loc): TfUnknown {
  const value = unknown(reason, loc)
  failures.add(value)
  return value
}

export function isFailure(value: TfValue): boolean {
  return failures.has(value)
}

/** The first failure anywhere inside `value`, collections included. */
export function findFailure(value: TfValue): TfUnknown | undefined {
  if (value.kind === 'unknown') return isFailure(value) ? value : undefined
  const items =
    value.kind === 'tuple' ? value.items : value.kind === 'object' ? [...value.fields.values()] : []
  for (const item of items) {
    const found = findFailure(item)
    if (found !== undefined) return found
  }
  return undefined
}

/** The first unknown anywhere inside `value`, collections included. */
export function findUnknown(value: TfValue): TfUnknown | undefined {
  if (value.kind === 'unknown') return value
  const items =
    value.kind === 'tuple' ? value.items : value.kind === 'object' ? [...value.fields.values()] : []
  for (const item of items) {
    const found = findUnknown(item)
    if (found !== undefined) return found
  }
  return undefined
}

/** A string of `segments`, adjacent text merged. */
export function stringOf(segments: readonly Segment[]): TfString {
  const out: Segment[] = []
  for (const segment of segments) {
    const last = out[out.length - 1]
    if (segment.kind === 'text' && segment.text === '') continue
    if (segment.kind === 'text' && last?.kind === 'text') {
      out[out.length - 1] = { kind: 'text', text: last.text + segment.text }
    } else out.push(segment)
  }
  return { kind: 'string', segments: out }
}

export function tuple(items: readonly TfValue[]): TfValue {
  return { kind: 'tuple', items }
}

export function typeName(value: TfValue): string {
  switch (value.kind) {
    case 'tuple':
      return 'list'
    case 'unknown':
      return 'unknown value'
    default:
      return value.kind
  }
}

/** What makes a string's segments not concrete, for an unknown's reason. */
export function pendingPart(value: TfString): string | undefined {
  for (const segment of value.segments) {
    if (segment.kind === 'attr')
      return `${segment.address}.${segment.attribute}, known only after apply`
    if (segment.kind === 'builtin')
      return `the account's ${segment.name}, which keyward reads per environment`
  }
  return undefined
}

/**
 * The text of a string, number or bool, as Terraform converts it; an unknown saying why not
 * otherwise. `what` names the operand, e.g. `lower(): argument 1`.
 */
export function textOf(value: TfValue, what: string, loc: Loc): string | TfUnknown {
  switch (value.kind) {
    case 'unknown':
      return value
    case 'number':
      return numberText(value.value)
    case 'bool':
      return String(value.value)
    case 'string': {
      const text = concreteText(value)
      if (text !== undefined) return text
      return unknown(`${what} depends on ${pendingPart(value) ?? 'an unknown value'}`, loc)
    }
    default:
      return failure(`${what} must be a string, not ${typeName(value)}`, loc)
  }
}

/** How Terraform writes a number as text: integers without a fraction. */
export function numberText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0)
  return String(value)
}

/** A number, or a string holding one, as a number. */
export function numberOf(value: TfValue, what: string, loc: Loc): number | TfUnknown {
  if (value.kind === 'number') return value.value
  if (value.kind === 'unknown') return value
  if (value.kind === 'string') {
    const text = textOf(value, what, loc)
    if (typeof text !== 'string') return text
    const parsed = text.trim() === '' ? NaN : Number(text)
    if (!Number.isNaN(parsed)) return parsed
    return failure(`${what} must be a number, not "${text}"`, loc)
  }
  return failure(`${what} must be a number, not ${typeName(value)}`, loc)
}

/** A bool, or the string "true"/"false", as a bool. */
export function boolOf(value: TfValue, what: string, loc: Loc): boolean | TfUnknown {
  if (value.kind === 'bool') return value.value
  if (value.kind === 'unknown') return value
  if (value.kind === 'string') {
    const text = textOf(value, what, loc)
    if (typeof text !== 'string') return text
    if (text === 'true' || text === 'false') return text === 'true'
    return failure(`${what} must be a bool, not "${text}"`, loc)
  }
  return failure(`${what} must be a bool, not ${typeName(value)}`, loc)
}

export function withOrigin(value: TfValue, origin: Origin): TfValue {
  if (value.kind === 'null' || value.kind === 'unknown') return value
  return { ...value, origin }
}

/** Terraform iterates maps and objects in lexical order of their keys. */
export function sortedEntries(fields: ReadonlyMap<string, TfValue>): [string, TfValue][] {
  return [...fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

/**
 * What a `for` expression, a `%{for}` directive and a `dynamic` block iterate: a list's (index,
 * item) pairs, or a map's (key, value) pairs in key order, as Terraform walks them; undefined for
 * anything else, which each caller reports in its own words.
 */
export function iterationEntries(collection: TfValue): [TfValue, TfValue][] | undefined {
  if (collection.kind === 'tuple')
    return collection.items.map((item, i) => [{ kind: 'number', value: i }, item])
  if (collection.kind === 'object')
    return sortedEntries(collection.fields).map(([key, value]) => [
      stringOf([{ kind: 'text', text: key }]),
      value,
    ])
  return undefined
}

function sameSegments(a: TfString, b: TfString): boolean {
  if (a.segments.length !== b.segments.length) return false
  return a.segments.every((segment, i) => JSON.stringify(segment) === JSON.stringify(b.segments[i]))
}

/** `a == b` as Terraform decides it; unknown when it depends on a value known only after apply. */
export function equalValues(a: TfValue, b: TfValue, loc: Loc): boolean | TfUnknown {
  if (a.kind === 'unknown') return a
  if (b.kind === 'unknown') return b
  if (a.kind === 'string' && b.kind === 'string') {
    const left = concreteText(a)
    const right = concreteText(b)
    if (left !== undefined && right !== undefined) return left === right
    if (sameSegments(a, b)) return true
    return unknown(
      `the comparison depends on ${pendingPart(left === undefined ? a : b) ?? 'an unknown value'}`,
      loc,
    )
  }
  if (a.kind === 'number' && b.kind === 'number') return a.value === b.value
  if (a.kind === 'bool' && b.kind === 'bool') return a.value === b.value
  if (a.kind === 'null' || b.kind === 'null') return a.kind === b.kind
  if (a.kind === 'tuple' && b.kind === 'tuple') {
    if (a.items.length !== b.items.length) return false
    return allEqual(
      a.items.map((item, i) => [item, b.items[i] ?? item]),
      loc,
    )
  }
  if (a.kind === 'object' && b.kind === 'object') {
    if (a.fields.size !== b.fields.size) return false
    const pairs: [TfValue, TfValue][] = []
    for (const [key, value] of a.fields) {
      const other = b.fields.get(key)
      if (other === undefined) return false
      pairs.push([value, other])
    }
    return allEqual(pairs, loc)
  }
  return false
}

function allEqual(pairs: readonly [TfValue, TfValue][], loc: Loc): boolean | TfUnknown {
  let pending: TfUnknown | undefined
  for (const [left, right] of pairs) {
    const same = equalValues(left, right, loc)
    if (same === false) return false
    if (same !== true) pending ??= same
  }
  return pending ?? true
}

/** A string, number or bool as a string, keeping a string's segments. */
export function asString(value: TfValue, what: string, loc: Loc): TfString | TfUnknown {
  switch (value.kind) {
    case 'string':
    case 'unknown':
      return value
    case 'number':
      return stringOf([{ kind: 'text', text: numberText(value.value) }])
    case 'bool':
      return stringOf([{ kind: 'text', text: String(value.value) }])
    default:
      return failure(`${what} must be a string, not ${typeName(value)}`, loc)
  }
}
