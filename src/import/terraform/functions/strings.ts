/**
 * String functions. They need concrete text, so a string holding a value known only after
 * apply makes them unknown, naming the argument; their results are plain text.
 */
import { compileRegex, replacementOf } from '../regex.ts'
import { asString, failure, numberOf, stringOf, tuple, typeName } from '../value-ops.ts'
import type { Segment, TfValue } from '../value.ts'
import type { Call, FunctionTable, TfFunction } from './function.ts'
import { argName, bool, str, textArg } from './function.ts'

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** Characters as Terraform counts them: grapheme clusters. */
export function characters(text: string): string[] {
  return Array.from(graphemes.segment(text), (part) => part.segment)
}

/** A function of concrete text arguments returning a value. */
function onText(arity: number, fn: (texts: string[], call: Call) => TfValue): TfFunction {
  return {
    min: arity,
    fn: (args, call) => {
      const texts: string[] = []
      for (let i = 0; i < args.length; i++) {
        const text = textArg(args, i, call)
        if (typeof text !== 'string') return text
        texts.push(text)
      }
      return fn(texts, call)
    },
  }
}

const text1 = (fn: (text: string) => string): TfFunction => onText(1, ([a = '']) => str(fn(a)))

function title(text: string): string {
  return text.replace(
    /(^|[^\p{L}\p{N}_])(\p{L})/gu,
    (_, before: string, letter: string) => before + letter.toUpperCase(),
  )
}

function replace([text = '', search = '', replacement = '']: string[], call: Call): TfValue {
  if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) {
    const regex = compileRegex(search.slice(1, -1), true)
    if (typeof regex === 'string') return failure(`${call.name}(): ${regex}`, call.loc)
    return str(text.replace(regex, replacementOf(replacement)))
  }
  return str(text.split(search).join(replacement))
}

function substr(args: readonly TfValue[], call: Call): TfValue {
  const text = textArg(args, 0, call)
  if (typeof text !== 'string') return text
  const offset = numberOf(args[1] ?? { kind: 'null' }, argName(call, 1), call.loc)
  if (typeof offset !== 'number') return offset
  const length = numberOf(args[2] ?? { kind: 'null' }, argName(call, 2), call.loc)
  if (typeof length !== 'number') return length
  const chars = characters(text)
  const start = offset < 0 ? Math.max(0, chars.length + offset) : offset
  if (start > chars.length)
    return failure(`${call.name}(): offset ${offset} is beyond the string`, call.loc)
  const end = length < 0 ? chars.length : start + length
  return str(chars.slice(start, end).join(''))
}

function regexCall(all: boolean) {
  return onText(2, ([pattern = '', text = ''], call) => {
    const regex = compileRegex(pattern, all)
    if (typeof regex === 'string') return failure(`${call.name}(): ${regex}`, call.loc)
    const captures = (match: RegExpMatchArray): TfValue => {
      if (match.groups !== undefined) {
        return {
          kind: 'object',
          fields: new Map(Object.entries(match.groups).map(([k, v]) => [k, str(v)])),
        }
      }
      if (match.length === 1) return str(match[0])
      return tuple(match.slice(1).map((group) => str(group)))
    }
    if (all) return tuple([...text.matchAll(regex)].map(captures))
    const match = regex.exec(text)
    return match === null
      ? failure(`${call.name}(): the pattern does not match`, call.loc)
      : captures(match)
  })
}

function trimSet(text: string, set: string): string {
  const chars = characters(text)
  const drop = new Set(characters(set))
  let start = 0
  let end = chars.length
  while (start < end && drop.has(chars[start] ?? '')) start++
  while (end > start && drop.has(chars[end - 1] ?? '')) end--
  return chars.slice(start, end).join('')
}

export const STRING_FUNCTIONS: FunctionTable = {
  lower: text1((text) => text.toLowerCase()),
  upper: text1((text) => text.toUpperCase()),
  title: text1(title),
  trimspace: text1((text) => text.trim()),
  chomp: text1((text) => text.replace(/(\r\n|\n|\r)+$/, '')),
  strrev: text1((text) => characters(text).reverse().join('')),
  trimprefix: onText(2, ([text = '', prefix = '']) =>
    str(text.startsWith(prefix) ? text.slice(prefix.length) : text),
  ),
  trimsuffix: onText(2, ([text = '', suffix = '']) =>
    str(suffix !== '' && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text),
  ),
  trim: onText(2, ([text = '', set = '']) => str(trimSet(text, set))),
  startswith: onText(2, ([text = '', prefix = '']) => bool(text.startsWith(prefix))),
  endswith: onText(2, ([text = '', suffix = '']) => bool(text.endsWith(suffix))),
  strcontains: onText(2, ([text = '', part = '']) => bool(text.includes(part))),
  replace: onText(3, replace),
  split: onText(2, ([separator = '', text = '']) =>
    tuple(text.split(separator).map((part) => str(part))),
  ),
  indent: {
    min: 2,
    fn: (args, call) => {
      const spaces = numberOf(args[0] ?? { kind: 'null' }, argName(call, 0), call.loc)
      if (typeof spaces !== 'number') return spaces
      const text = textArg(args, 1, call)
      if (typeof text !== 'string') return text
      if (!Number.isInteger(spaces) || spaces < 0)
        return failure(`${argName(call, 0)} must be a whole number of spaces`, call.loc)
      return str(text.replace(/\n/g, `\n${' '.repeat(spaces)}`))
    },
  },
  substr: { min: 3, fn: substr },
  regex: regexCall(false),
  regexall: regexCall(true),
  join: {
    min: 1,
    max: Infinity,
    fn: (args, call) => {
      const [separator, ...lists] = args
      if (separator?.kind !== 'string')
        return failure(`${argName(call, 0)} must be a string`, call.loc)
      const segments: Segment[] = []
      let first = true
      for (const list of lists) {
        if (list.kind !== 'tuple')
          return failure(`${call.name}() joins lists, not a ${typeName(list)}`, call.loc)
        for (const item of list.items) {
          const piece = asString(item, `${call.name}(): each element`, call.loc)
          if (piece.kind === 'unknown') return piece
          if (!first) segments.push(...separator.segments)
          first = false
          segments.push(...piece.segments)
        }
      }
      return stringOf(segments)
    },
  },
}
