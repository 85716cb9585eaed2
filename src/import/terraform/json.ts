/**
 * `jsonencode` and `jsondecode` over strings with provenance. Encoding keeps a string's
 * non-text segments in place inside its JSON string literal, so a policy document written with
 * `jsonencode` still says that a `Resource` is `aws_s3_bucket.b.arn`; decoding parses with a
 * placeholder for each such segment and puts the segments back into the decoded strings.
 */
import { failure, numberText, pendingPart, sortedEntries, stringOf, unknown } from './value-ops.ts'
import type { Loc, Segment, TfString, TfUnknown, TfValue } from './value.ts'

/** Go's encoder, which Terraform uses, also escapes these so JSON is safe inside HTML. */
function escapeJsonText(text: string): string {
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(
      /[<>&\u2028\u2029]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
    .replace(/\\b/g, '\\u0008')
    .replace(/\\f/g, '\\u000c')
}

/** `jsonencode(value)`: JSON text with object keys sorted, as Terraform writes it. */
export function encodeJson(value: TfValue, loc: Loc): TfString | TfUnknown {
  const out: Segment[] = []
  const pending = write(value, out, loc)
  if (pending !== undefined) return pending
  return { ...stringOf(out), json: value }
}

function write(value: TfValue, out: Segment[], loc: Loc): TfUnknown | undefined {
  const text = (t: string): void => {
    out.push({ kind: 'text', text: t })
  }
  switch (value.kind) {
    case 'unknown':
      return value
    case 'null':
      text('null')
      return undefined
    case 'bool':
      text(String(value.value))
      return undefined
    case 'number':
      if (!Number.isFinite(value.value))
        return failure('jsonencode(): cannot encode an infinite number', loc)
      text(numberText(value.value))
      return undefined
    case 'string':
      text('"')
      for (const segment of value.segments) {
        if (segment.kind === 'text') text(escapeJsonText(segment.text))
        else if (segment.kind === 'var' && escapeJsonText(segment.text) !== segment.text)
          text(escapeJsonText(segment.text))
        else out.push(segment)
      }
      text('"')
      return undefined
    case 'tuple': {
      text('[')
      for (const [i, item] of value.items.entries()) {
        if (i > 0) text(',')
        const pending = write(item, out, loc)
        if (pending !== undefined) return pending
      }
      text(']')
      return undefined
    }
    case 'object': {
      text('{')
      for (const [i, [key, item]] of sortedEntries(value.fields).entries()) {
        text(`${i > 0 ? ',' : ''}"${escapeJsonText(key)}":`)
        const pending = write(item, out, loc)
        if (pending !== undefined) return pending
      }
      text('}')
      return undefined
    }
  }
}

const OPEN = '\uE000'
const CLOSE = '\uE001'
const PLACEHOLDER = /\uE000(\d+)\uE001/g

/**
 * `jsondecode(text)`: the value the JSON text encodes, each string keeping the segments of the
 * text it was read from. A string made by `jsonencode` decodes to the value it encoded.
 */
export function decodeJson(value: TfString, loc: Loc): TfValue {
  if (value.json !== undefined) return value.json
  const kept: Segment[] = []
  const render = (keepVars: boolean): string =>
    value.segments
      .map((segment) => {
        if (segment.kind === 'text' || (segment.kind === 'var' && !keepVars)) return segment.text
        kept.push(segment)
        return `${OPEN}${kept.length - 1}${CLOSE}`
      })
      .join('')
  let parsed: unknown
  let ok = false
  for (const keepVars of [true, false]) {
    kept.length = 0
    try {
      parsed = JSON.parse(render(keepVars))
      ok = true
      break
    } catch {
      // A variable's text may stand outside a JSON string (`"max": ${var.n}`): retry inlined.
    }
  }
  if (!ok) {
    const pending = pendingPart(value)
    if (pending !== undefined) return unknown(`jsondecode(): the JSON depends on ${pending}`, loc)
    return failure('jsondecode(): the argument is not valid JSON', loc)
  }
  return fromJson(parsed, kept, loc)
}

function fromJson(parsed: unknown, kept: readonly Segment[], loc: Loc): TfValue {
  if (parsed === null) return { kind: 'null' }
  if (typeof parsed === 'boolean') return { kind: 'bool', value: parsed }
  if (typeof parsed === 'number') return { kind: 'number', value: parsed }
  if (typeof parsed === 'string') return restore(parsed, kept)
  if (Array.isArray(parsed))
    return { kind: 'tuple', items: parsed.map((item: unknown) => fromJson(item, kept, loc)) }
  const fields = new Map<string, TfValue>()
  for (const [key, item] of Object.entries(parsed as Record<string, unknown>)) {
    const name = restore(key, kept)
    if (name.segments.some((segment) => segment.kind !== 'text' && segment.kind !== 'var')) {
      return unknown(
        `jsondecode(): an object key depends on ${pendingPart(name) ?? 'an unknown value'}`,
        loc,
      )
    }
    fields.set(
      name.segments
        .map((segment) => (segment.kind === 'text' || segment.kind === 'var' ? segment.text : ''))
        .join(''),
      fromJson(item, kept, loc),
    )
  }
  return { kind: 'object', fields }
}

function restore(text: string, kept: readonly Segment[]): TfString {
  const segments: Segment[] = []
  let at = 0
  for (const match of text.matchAll(PLACEHOLDER)) {
    segments.push({ kind: 'text', text: text.slice(at, match.index) })
    const segment = kept[Number(match[1])]
    if (segment !== undefined) segments.push(segment)
    at = match.index + match[0].length
  }
  segments.push({ kind: 'text', text: text.slice(at) })
  return stringOf(segments)
}
