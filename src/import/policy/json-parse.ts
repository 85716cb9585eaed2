/**
 * Parses JSON written as a Terraform string, such as a heredoc policy with `${…}` inside. The
 * text is read piece by piece: a variable's text is JSON like any other, and stays a variable in
 * the string it lands in when it is all of it, unescaped; a value Terraform knows only after
 * apply (an ARN, the account id) may stand inside a JSON string, where it is kept as it is, but
 * nowhere else, since nobody can tell what JSON it would be.
 * https://www.rfc-editor.org/rfc/rfc8259
 */
import type { Segment, TfString, TfValue } from '../terraform/value.ts'
import { shown, stringOf } from './values.ts'

export type Parsed =
  { readonly ok: true; readonly value: TfValue } | { readonly ok: false; readonly message: string }

/** One character of the text, and the segment it came from; or a piece with no text yet. */
type Unit =
  | { readonly kind: 'char'; readonly char: string; readonly from: number }
  | { readonly kind: 'opaque'; readonly segment: Segment }

/** Deeper nesting than any policy needs; stops a hostile file from exhausting the stack. */
const MAX_DEPTH = 256

class Failure {
  readonly message: string
  constructor(message: string) {
    this.message = message
  }
}

export function parseJson(value: TfString): Parsed {
  const units: Unit[] = []
  value.segments.forEach((segment, from) => {
    if (segment.kind === 'text' || segment.kind === 'var') {
      for (const char of segment.text) units.push({ kind: 'char', char, from })
    } else units.push({ kind: 'opaque', segment })
  })
  const reader = new Reader(units, value.segments)
  const result = reader.document()
  return result instanceof Failure
    ? { ok: false, message: result.message }
    : { ok: true, value: result }
}

class Reader {
  private readonly units: readonly Unit[]
  private readonly segments: readonly Segment[]
  private pos = 0

  constructor(units: readonly Unit[], segments: readonly Segment[]) {
    this.units = units
    this.segments = segments
  }

  document(): TfValue | Failure {
    const value = this.value(0)
    if (value instanceof Failure) return value
    this.skipSpace()
    return this.pos < this.units.length ? this.fail('unexpected text after the JSON value') : value
  }

  private value(depth: number): TfValue | Failure {
    if (depth > MAX_DEPTH) return this.fail('the JSON is nested too deeply')
    this.skipSpace()
    const unit = this.units[this.pos]
    if (unit === undefined) return this.fail('the JSON ends where a value should be')
    if (unit.kind === 'opaque') return this.opaqueOutsideString(unit.segment)
    switch (unit.char) {
      case '{':
        return this.object(depth)
      case '[':
        return this.array(depth)
      case '"':
        return this.string()
      case 't':
        return this.literal('true', { kind: 'bool', value: true })
      case 'f':
        return this.literal('false', { kind: 'bool', value: false })
      case 'n':
        return this.literal('null', { kind: 'null' })
      default:
        return /[-0-9]/.test(unit.char) ? this.number() : this.fail(`unexpected \`${unit.char}\``)
    }
  }

  private object(depth: number): TfValue | Failure {
    this.pos++
    const fields = new Map<string, TfValue>()
    this.skipSpace()
    if (this.peek() === '}') {
      this.pos++
      return { kind: 'object', fields }
    }
    for (;;) {
      this.skipSpace()
      if (this.peek() !== '"') return this.fail('expected a quoted key')
      const key = this.key()
      if (key instanceof Failure) return key
      if (fields.has(key)) return this.fail(`the key "${key}" appears twice in one object`)
      this.skipSpace()
      if (this.peek() !== ':') return this.fail(`expected \`:\` after the key "${key}"`)
      this.pos++
      const value = this.value(depth + 1)
      if (value instanceof Failure) return value
      fields.set(key, value)
      this.skipSpace()
      const next = this.peek()
      this.pos++
      if (next === '}') return { kind: 'object', fields }
      if (next !== ',') return this.fail('expected `,` or `}` in an object', this.pos - 1)
    }
  }

  private array(depth: number): TfValue | Failure {
    this.pos++
    const items: TfValue[] = []
    this.skipSpace()
    if (this.peek() === ']') {
      this.pos++
      return { kind: 'tuple', items }
    }
    for (;;) {
      const value = this.value(depth + 1)
      if (value instanceof Failure) return value
      items.push(value)
      this.skipSpace()
      const next = this.peek()
      this.pos++
      if (next === ']') return { kind: 'tuple', items }
      if (next !== ',') return this.fail('expected `,` or `]` in a list', this.pos - 1)
    }
  }

  /** Object keys are plain text in a structured value: a variable's text is used as it is. */
  private key(): string | Failure {
    const start = this.pos
    const value = this.string()
    if (value instanceof Failure) return value
    const opaque = value.segments.find((s) => s.kind === 'builtin' || s.kind === 'attr')
    if (opaque !== undefined) {
      return this.fail(
        `the key "${shown(value)}" holds a value Terraform knows only after apply; keyward cannot read a key it cannot spell`,
        start,
      )
    }
    return value.segments.map((s) => (s.kind === 'text' || s.kind === 'var' ? s.text : '')).join('')
  }

  private string(): TfString | Failure {
    this.pos++
    // Each character of the string's value, and the variable segment it is a verbatim copy of.
    const chars: { char: string; from?: number }[] = []
    const kept: Segment[] = []
    const escapedFrom = new Set<number>()
    const flush = () => {
      if (chars.length > 0) kept.push(...this.regroup(chars, escapedFrom))
      chars.length = 0
    }
    for (;;) {
      const unit = this.units[this.pos]
      if (unit === undefined) return this.fail('a string is not closed')
      this.pos++
      if (unit.kind === 'opaque') {
        flush()
        kept.push(unit.segment)
        continue
      }
      if (unit.char === '"') break
      if (unit.char === '\\') {
        escapedFrom.add(unit.from)
        const decoded = this.escape()
        if (decoded instanceof Failure) return decoded
        chars.push({ char: decoded })
        continue
      }
      if (unit.char < ' ') return this.fail('a control character inside a string', this.pos - 1)
      chars.push({ char: unit.char, from: unit.from })
    }
    flush()
    return stringOf(kept)
  }

  /** Runs of characters that are a whole variable segment, unescaped, stay that variable. */
  private regroup(chars: readonly { char: string; from?: number }[], escaped: ReadonlySet<number>) {
    const out: Segment[] = []
    let i = 0
    while (i < chars.length) {
      const from = chars[i]?.from
      const segment = from === undefined ? undefined : this.segments[from]
      let j = i
      while (j < chars.length && chars[j]?.from === from && from !== undefined) j++
      const run = chars.slice(i, Math.max(j, i + 1))
      const text = run.map((c) => c.char).join('')
      if (
        segment?.kind === 'var' &&
        from !== undefined &&
        !escaped.has(from) &&
        text === segment.text
      ) {
        out.push(segment)
      } else out.push({ kind: 'text', text })
      i += run.length
    }
    return out
  }

  private escape(): string | Failure {
    const unit = this.units[this.pos]
    this.pos++
    if (unit?.kind !== 'char') return this.fail('an incomplete escape in a string', this.pos - 1)
    const simple: Readonly<Record<string, string>> = {
      '"': '"',
      '\\': '\\',
      '/': '/',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
    }
    const char = simple[unit.char]
    if (char !== undefined) return char
    if (unit.char !== 'u') return this.fail(`\`\\${unit.char}\` is not a JSON escape`, this.pos - 2)
    let hex = ''
    for (let k = 0; k < 4; k++) {
      const digit = this.units[this.pos]
      if (digit?.kind !== 'char' || !/[0-9a-fA-F]/.test(digit.char)) {
        return this.fail('`\\u` needs four hexadecimal digits')
      }
      hex += digit.char
      this.pos++
    }
    return String.fromCharCode(parseInt(hex, 16))
  }

  private number(): TfValue | Failure {
    const start = this.pos
    let text = ''
    while (this.pos < this.units.length) {
      const char = this.peek()
      if (char === undefined || !/[-+0-9.eE]/.test(char)) break
      text += char
      this.pos++
    }
    if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/.test(text)) {
      return this.fail(`\`${text}\` is not a JSON number`, start)
    }
    return { kind: 'number', value: Number(text) }
  }

  private literal(word: string, value: TfValue): TfValue | Failure {
    const start = this.pos
    for (const expected of word) {
      if (this.peek() !== expected) return this.fail(`expected \`${word}\``, start)
      this.pos++
    }
    return value
  }

  private opaqueOutsideString(segment: Segment): Failure {
    const what = shown(stringOf([segment]))
    return this.fail(
      `${what} stands outside a JSON string; its JSON is known only after apply, so keyward cannot read it`,
    )
  }

  /** The character at the reading position, or undefined at the end or at an opaque piece. */
  private peek(): string | undefined {
    const unit = this.units[this.pos]
    return unit?.kind === 'char' ? unit.char : undefined
  }

  private skipSpace(): void {
    while (/^[ \t\n\r]$/.test(this.peek() ?? '')) this.pos++
  }

  /** Positions are told as line and column of the text, so a heredoc's mistake can be found. */
  private fail(message: string, at = this.pos): Failure {
    let line = 1
    let column = 1
    for (const unit of this.units.slice(0, at)) {
      if (unit.kind === 'char' && unit.char === '\n') {
        line++
        column = 1
      } else column++
    }
    return new Failure(`${message} (line ${line}, column ${column} of the JSON)`)
  }
}
