/**
 * `format` and `formatlist`, Go's verbs as Terraform supports them. `%s` and `%v` of a string
 * splice its segments in, so `format("%s-ci", var.project)` keeps the variable's provenance.
 */
import { encodeJson } from '../json.ts'
import {
  asString,
  failure,
  numberOf,
  numberText,
  stringOf,
  textOf,
  tuple,
  typeName,
} from '../value-ops.ts'
import type { Segment, TfUnknown, TfValue } from '../value.ts'
import type { Call, FunctionTable } from './function.ts'
import { argName, textArg } from './function.ts'
import { characters } from './strings.ts'

interface Verb {
  readonly flags: string
  readonly width?: number
  readonly precision?: number
  readonly verb: string
}

const VERB = /%(?:\[(\d+)\])?([-+# 0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])/g

export function formatValues(spec: string, args: readonly TfValue[], call: Call): TfValue {
  const out: Segment[] = []
  let next = 0
  let used = 0
  let at = 0
  for (const match of spec.matchAll(VERB)) {
    out.push({ kind: 'text', text: spec.slice(at, match.index) })
    at = match.index + match[0].length
    const [, explicit, flags = '', width, precision, verb = ''] = match
    if (verb === '%') {
      out.push({ kind: 'text', text: '%' })
      continue
    }
    const index = explicit === undefined ? next : Number(explicit) - 1
    next = index + 1
    used = Math.max(used, next)
    const arg = args[index]
    if (arg === undefined)
      return failure(`${call.name}(): the format has more verbs than arguments`, call.loc)
    const parsed: Verb = {
      flags,
      ...(width === undefined ? {} : { width: Number(width) }),
      ...(precision === undefined ? {} : { precision: precision === '' ? 0 : Number(precision) }),
      verb,
    }
    const piece = formatOne(parsed, arg, call, index + 1)
    if (!Array.isArray(piece)) return piece
    out.push(...piece)
  }
  out.push({ kind: 'text', text: spec.slice(at) })
  if (used < args.length)
    return failure(
      `${call.name}(): ${args.length - used} arguments are not used by the format`,
      call.loc,
    )
  return stringOf(out)
}

function formatOne(verb: Verb, arg: TfValue, call: Call, position: number): Segment[] | TfUnknown {
  const what = argName(call, position)
  if (arg.kind === 'unknown') return arg
  const plain = verb.width === undefined && verb.precision === undefined
  if ((verb.verb === 's' || verb.verb === 'v') && arg.kind === 'string' && plain)
    return [...arg.segments]
  let text: string | TfUnknown
  switch (verb.verb) {
    case 's':
    case 'v':
    case 'q': {
      if (arg.kind === 'tuple' || arg.kind === 'object') {
        const json = encodeJson(arg, call.loc)
        text = json.kind === 'unknown' ? json : textOf(json, what, call.loc)
      } else if (arg.kind === 'null') text = 'null'
      else {
        const value = asString(arg, what, call.loc)
        text = value.kind === 'unknown' ? value : textOf(value, what, call.loc)
      }
      if (typeof text === 'string' && verb.precision !== undefined)
        text = characters(text).slice(0, verb.precision).join('')
      if (typeof text === 'string' && verb.verb === 'q') text = JSON.stringify(text)
      break
    }
    case 't':
      text =
        arg.kind === 'bool'
          ? String(arg.value)
          : failure(`${what} must be a bool for %t, not ${typeName(arg)}`, call.loc)
      break
    default:
      text = formatNumber(verb, arg, what, call)
  }
  if (typeof text !== 'string') return text
  return [{ kind: 'text', text: pad(text, verb) }]
}

function formatNumber(verb: Verb, arg: TfValue, what: string, call: Call): string | TfUnknown {
  const value = numberOf(arg, what, call.loc)
  if (typeof value !== 'number') return value
  const sign =
    value < 0 ? '-' : verb.flags.includes('+') ? '+' : verb.flags.includes(' ') ? ' ' : ''
  const magnitude = Math.abs(value)
  const integer = (base: number): string | TfUnknown =>
    Number.isInteger(value)
      ? sign + magnitude.toString(base)
      : failure(`${what} must be a whole number for %${verb.verb}`, call.loc)
  switch (verb.verb) {
    case 'd':
      return integer(10)
    case 'b':
      return integer(2)
    case 'o':
      return integer(8)
    case 'x':
      return integer(16)
    case 'X': {
      const text = integer(16)
      return typeof text === 'string' ? text.toUpperCase() : text
    }
    case 'f':
    case 'F':
      return sign + magnitude.toFixed(verb.precision ?? 6)
    case 'e':
    case 'E': {
      const text =
        sign + magnitude.toExponential(verb.precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2')
      return verb.verb === 'E' ? text.toUpperCase() : text
    }
    case 'g':
    case 'G': {
      const text =
        sign +
        (verb.precision === undefined
          ? numberText(magnitude)
          : magnitude.toPrecision(verb.precision))
      return verb.verb === 'G' ? text.toUpperCase() : text
    }
    default:
      return failure(`${call.name}(): unsupported verb %${verb.verb}`, call.loc)
  }
}

function pad(text: string, verb: Verb): string {
  if (verb.width === undefined || text.length >= verb.width) return text
  const fill = verb.width - text.length
  if (verb.flags.includes('-')) return text + ' '.repeat(fill)
  if (verb.flags.includes('0') && /^[+\- ]?[0-9]/.test(text) && 'dbfFeEgGoxX'.includes(verb.verb)) {
    const signed = /^[+\- ]/.test(text)
    return signed ? text.charAt(0) + '0'.repeat(fill) + text.slice(1) : '0'.repeat(fill) + text
  }
  return ' '.repeat(fill) + text
}

function formatList(args: readonly TfValue[], call: Call): TfValue {
  const spec = textArg(args, 0, call)
  if (typeof spec !== 'string') return spec
  const rest = args.slice(1)
  let length: number | undefined
  for (const arg of rest) {
    if (arg.kind !== 'tuple') continue
    if (length !== undefined && arg.items.length !== length) {
      return failure(`${call.name}(): all list arguments must have the same length`, call.loc)
    }
    length = arg.items.length
  }
  const rows: TfValue[] = []
  for (let i = 0; i < (length ?? 1); i++) {
    const row = rest.map((arg) => (arg.kind === 'tuple' ? (arg.items[i] ?? arg) : arg))
    const formatted = formatValues(spec, row, call)
    if (formatted.kind === 'unknown') return formatted
    rows.push(formatted)
  }
  return tuple(rows)
}

export const FORMAT_FUNCTIONS: FunctionTable = {
  format: {
    min: 1,
    max: Infinity,
    fn: (args, call) => {
      const spec = textArg(args, 0, call)
      return typeof spec === 'string' ? formatValues(spec, args.slice(1), call) : spec
    },
  },
  formatlist: { min: 1, max: Infinity, fn: formatList },
}
