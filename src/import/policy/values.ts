/**
 * Small readers over evaluated Terraform values, shared by the policy readers: what a string is
 * made of, whether two strings are the same, and how to name one in a message.
 */
import type { Segment, TfString, TfUnknown, TfValue } from '../terraform/value.ts'

/** Adjacent text segments joined and empty ones dropped, so equal strings have equal segments. */
export function tidy(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = []
  for (const segment of segments) {
    if (segment.kind === 'text' && segment.text === '') continue
    const last = out.at(-1)
    if (segment.kind === 'text' && last?.kind === 'text') {
      out[out.length - 1] = { kind: 'text', text: last.text + segment.text }
    } else out.push(segment)
  }
  return out
}

export function stringOf(segments: readonly Segment[]): TfString {
  return { kind: 'string', segments: tidy(segments) }
}

/**
 * A string's identity for comparing and sorting: its known text, with each value Terraform only
 * learns later spelled as the reference it is. A variable counts as its text, which is what the
 * policy IAM receives holds.
 */
export function keyOf(value: TfString): string {
  return value.segments.map(segmentKey).join('')
}

function segmentKey(segment: Segment): string {
  switch (segment.kind) {
    case 'text':
    case 'var':
      return segment.text
    case 'builtin':
      return `\u0000${segment.name}\u0000`
    case 'attr':
      return `\u0000${segment.address}.${segment.attribute}\u0000`
  }
}

/** The string for messages: known text as is, anything else as the reference it came from. */
export function shown(value: TfString): string {
  return value.segments
    .map((segment) => {
      switch (segment.kind) {
        case 'text':
        case 'var':
          return segment.text
        case 'builtin':
          return `\${${segment.name}}`
        case 'attr':
          return `\${${segment.address}.${segment.attribute}}`
      }
    })
    .join('')
}

/** Numbers and booleans become strings where Terraform expects one, as Terraform converts them. */
export function asString(value: TfValue): TfString | undefined {
  switch (value.kind) {
    case 'string':
      return value
    case 'number':
      return stringOf([{ kind: 'text', text: String(value.value) }])
    case 'bool':
      return stringOf([{ kind: 'text', text: String(value.value) }])
    default:
      return undefined
  }
}

/** The text of a string made only of written text (no variable, no reference), else undefined. */
export function plainText(value: TfString): string | undefined {
  return value.segments.every((s) => s.kind === 'text') ? keyOf(value) : undefined
}

/** The first value anywhere inside that Terraform could not evaluate. */
export function firstUnknown(value: TfValue): TfUnknown | undefined {
  switch (value.kind) {
    case 'unknown':
      return value
    case 'string':
      return value.json === undefined ? undefined : firstUnknown(value.json)
    case 'tuple':
      for (const item of value.items) {
        const found = firstUnknown(item)
        if (found !== undefined) return found
      }
      return undefined
    case 'object':
      for (const field of value.fields.values()) {
        const found = firstUnknown(field)
        if (found !== undefined) return found
      }
      return undefined
    default:
      return undefined
  }
}

/** `a string`, `a list`, …: what a value is, for messages about what it should have been. */
export function kindName(value: TfValue): string {
  switch (value.kind) {
    case 'string':
      return 'a string'
    case 'number':
      return 'a number'
    case 'bool':
      return 'a boolean'
    case 'null':
      return 'null'
    case 'tuple':
      return 'a list'
    case 'object':
      return 'an object'
    case 'unknown':
      return 'a value Terraform cannot know yet'
  }
}

/**
 * Plain JSON as a structured value of written text: a policy read from IAM or built by keyward,
 * in the form the policy readers take.
 */
export function fromJson(json: unknown): TfValue {
  if (json === null || json === undefined) return { kind: 'null' }
  if (typeof json === 'string') return stringOf([{ kind: 'text', text: json }])
  if (typeof json === 'number') return { kind: 'number', value: json }
  if (typeof json === 'boolean') return { kind: 'bool', value: json }
  if (Array.isArray(json)) return { kind: 'tuple', items: json.map(fromJson) }
  if (typeof json === 'object') {
    return {
      kind: 'object',
      fields: new Map(Object.entries(json).map(([key, value]) => [key, fromJson(value)])),
    }
  }
  return { kind: 'null' }
}
