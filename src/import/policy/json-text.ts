/**
 * JSON text for a structured value, as the AWS provider prints policy documents: Go's
 * `encoding/json`, indented by two spaces for `json` and compact for `minified_json`. Pieces that
 * came from a variable or are known only after apply stay what they are inside the text, so the
 * document's string still says where each part came from.
 * https://pkg.go.dev/encoding/json#Marshal
 */
import type { Segment, TfUnknown, TfValue } from '../terraform/value.ts'
import { tidy } from './values.ts'

export type JsonLayout = 'indented' | 'minified'

/** The JSON text of `value`, or the first part of it that Terraform could not evaluate. */
export function jsonText(value: TfValue, layout: JsonLayout): Segment[] | TfUnknown {
  const out: Segment[] = []
  const failed = write(value, layout === 'indented' ? '\n' : undefined, out)
  return failed ?? tidy(out)
}

function write(value: TfValue, newline: string | undefined, out: Segment[]): TfUnknown | undefined {
  const text = (t: string) => void out.push({ kind: 'text', text: t })
  switch (value.kind) {
    case 'unknown':
      return value
    case 'null':
      text('null')
      return undefined
    case 'bool':
    case 'number':
      text(String(value.value))
      return undefined
    case 'string':
      text('"')
      for (const segment of value.segments) out.push(escapedSegment(segment))
      text('"')
      return undefined
    case 'tuple':
    case 'object': {
      const entries: [string | undefined, TfValue][] =
        value.kind === 'tuple'
          ? value.items.map((item) => [undefined, item])
          : [...value.fields].map(([key, field]) => [key, field])
      const [open, close] = value.kind === 'tuple' ? ['[', ']'] : ['{', '}']
      if (entries.length === 0) {
        text(open + close)
        return undefined
      }
      const inner = newline === undefined ? undefined : `${newline}  `
      text(open)
      for (const [index, [key, item]] of entries.entries()) {
        if (index > 0) text(',')
        if (inner !== undefined) text(inner)
        if (key !== undefined) text(`"${escaped(key)}":${newline === undefined ? '' : ' '}`)
        const failed = write(item, inner, out)
        if (failed !== undefined) return failed
      }
      if (newline !== undefined) text(newline)
      text(close)
      return undefined
    }
  }
}

/** A variable's text stays a variable when JSON writes it unchanged; otherwise it becomes text. */
function escapedSegment(segment: Segment): Segment {
  switch (segment.kind) {
    case 'text':
      return { kind: 'text', text: escaped(segment.text) }
    case 'var': {
      const text = escaped(segment.text)
      return text === segment.text ? segment : { kind: 'text', text }
    }
    case 'builtin':
    case 'attr':
      return segment
  }
}

const SHORT: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
}

// Control characters are exactly what must be escaped here.
// eslint-disable-next-line no-control-regex
const ESCAPED = /["\\\u0000-\u001f<>&\u2028\u2029]/g

/** Go escapes `<`, `>` and `&` too, so that JSON is safe inside HTML, and U+2028/U+2029 for JS. */
export function escaped(text: string): string {
  return text.replace(ESCAPED, (c) => {
    const short = SHORT[c]
    return short ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  })
}
