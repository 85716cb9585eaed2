/** List, set and map functions. Elements keep their provenance; unknown elements stay in place. */
import {
  boolOf,
  equalValues,
  failure,
  numberOf,
  sortedEntries,
  textOf,
  tuple,
  typeName,
} from '../value-ops.ts'
import type { TfUnknown, TfValue } from '../value.ts'
import { NULL } from '../value.ts'
import type { Call, FunctionTable } from './function.ts'
import { argName, bool, num, str, textArg } from './function.ts'
import { characters } from './strings.ts'

type Tuple = Extract<TfValue, { kind: 'tuple' }>
type TfObject = Extract<TfValue, { kind: 'object' }>

function listArg(args: readonly TfValue[], index: number, call: Call): Tuple | TfUnknown {
  const value = args[index] ?? NULL
  if (value.kind === 'tuple' || value.kind === 'unknown') return value
  return failure(`${argName(call, index)} must be a list, not ${typeName(value)}`, call.loc)
}

function mapArg(args: readonly TfValue[], index: number, call: Call): TfObject | TfUnknown {
  const value = args[index] ?? NULL
  if (value.kind === 'object' || value.kind === 'unknown') return value
  return failure(
    `${argName(call, index)} must be a map or object, not ${typeName(value)}`,
    call.loc,
  )
}

function integerArg(args: readonly TfValue[], index: number, call: Call): number | TfUnknown {
  const value = numberOf(args[index] ?? NULL, argName(call, index), call.loc)
  if (typeof value === 'number' && !Number.isInteger(value)) {
    return failure(`${argName(call, index)} must be a whole number`, call.loc)
  }
  return value
}

/** Whether `list` holds `value`; unknown when an element cannot be compared yet. */
function holds(list: readonly TfValue[], value: TfValue, call: Call): boolean | TfUnknown {
  let pending: TfUnknown | undefined
  for (const item of list) {
    const same = equalValues(item, value, call.loc)
    if (same === true) return true
    if (same !== false) pending ??= same
  }
  return pending ?? false
}

function distinct(items: readonly TfValue[], call: Call): TfValue[] | TfUnknown {
  const out: TfValue[] = []
  for (const item of items) {
    const seen = holds(out, item, call)
    if (typeof seen !== 'boolean') return seen
    if (!seen) out.push(item)
  }
  return out
}

function flatten(items: readonly TfValue[]): TfValue[] {
  return items.flatMap((item) => (item.kind === 'tuple' ? flatten(item.items) : [item]))
}

function isEmpty(value: TfValue): boolean {
  return value.kind === 'null' || (value.kind === 'string' && value.segments.length === 0)
}

function lists(args: readonly TfValue[], call: Call): Tuple[] | TfUnknown {
  const out: Tuple[] = []
  for (let i = 0; i < args.length; i++) {
    const list = listArg(args, i, call)
    if (list.kind === 'unknown') return list
    out.push(list)
  }
  return out
}

export const COLLECTION_FUNCTIONS: FunctionTable = {
  length: {
    min: 1,
    fn: ([value = NULL], call) => {
      if (value.kind === 'tuple') return num(value.items.length)
      if (value.kind === 'object') return num(value.fields.size)
      const text = textOf(value, argName(call, 0), call.loc)
      return typeof text === 'string' ? num(characters(text).length) : text
    },
  },
  element: {
    min: 2,
    fn: (args, call) => {
      const list = listArg(args, 0, call)
      const index = integerArg(args, 1, call)
      if (list.kind === 'unknown') return list
      if (typeof index !== 'number') return index
      if (list.items.length === 0)
        return failure(`${call.name}() cannot take an element of an empty list`, call.loc)
      if (index < 0) return failure(`${argName(call, 1)} must not be negative`, call.loc)
      return list.items[index % list.items.length] ?? NULL
    },
  },
  index: {
    min: 2,
    fn: (args, call) => {
      const list = listArg(args, 0, call)
      if (list.kind === 'unknown') return list
      for (const [i, item] of list.items.entries()) {
        const same = equalValues(item, args[1] ?? NULL, call.loc)
        if (same === true) return num(i)
        if (same !== false) return same
      }
      return failure(`${call.name}(): the item is not in the list`, call.loc)
    },
  },
  lookup: {
    min: 2,
    max: 3,
    fn: (args, call) => {
      const map = mapArg(args, 0, call)
      const key = textArg(args, 1, call)
      if (map.kind === 'unknown') return map
      if (typeof key !== 'string') return key
      return (
        map.fields.get(key) ??
        args[2] ??
        failure(`${call.name}(): the map has no key "${key}"`, call.loc)
      )
    },
  },
  merge: {
    min: 0,
    max: Infinity,
    fn: (args, call) => {
      const fields = new Map<string, TfValue>()
      for (let i = 0; i < args.length; i++) {
        if (args[i]?.kind === 'null') continue
        const map = mapArg(args, i, call)
        if (map.kind === 'unknown') return map
        for (const [key, value] of map.fields) fields.set(key, value)
      }
      return { kind: 'object', fields }
    },
  },
  keys: {
    min: 1,
    fn: (args, call) => {
      const map = mapArg(args, 0, call)
      return map.kind === 'unknown'
        ? map
        : tuple(sortedEntries(map.fields).map(([key]) => str(key)))
    },
  },
  values: {
    min: 1,
    fn: (args, call) => {
      const map = mapArg(args, 0, call)
      return map.kind === 'unknown'
        ? map
        : tuple(sortedEntries(map.fields).map(([, value]) => value))
    },
  },
  contains: {
    min: 2,
    fn: (args, call) => {
      const list = listArg(args, 0, call)
      if (list.kind === 'unknown') return list
      const found = holds(list.items, args[1] ?? NULL, call)
      return typeof found === 'boolean' ? bool(found) : found
    },
  },
  distinct: {
    min: 1,
    fn: (args, call) => {
      const list = listArg(args, 0, call)
      if (list.kind === 'unknown') return list
      const items = distinct(list.items, call)
      return Array.isArray(items) ? tuple(items) : items
    },
  },
  flatten: {
    min: 1,
    fn: (args, call) => {
      const list = listArg(args, 0, call)
      return list.kind === 'unknown' ? list : tuple(flatten(list.items))
    },
  },
  concat: {
    min: 0,
    max: Infinity,
    fn: (args, call) => {
      const all = lists(args, call)
      return Array.isArray(all) ? tuple(all.flatMap((list) => list.items)) : all
    },
  },
  coalesce: {
    min: 1,
    max: Infinity,
    takesUnknown: true,
    fn: (args, call) => {
      for (const arg of args) {
        if (arg.kind === 'unknown') return arg
        if (!isEmpty(arg)) return arg
      }
      return failure(`${call.name}(): every argument is null or empty`, call.loc)
    },
  },
  coalescelist: {
    min: 1,
    max: Infinity,
    fn: (args, call) => {
      const all = lists(args, call)
      if (!Array.isArray(all)) return all
      return (
        all.find((list) => list.items.length > 0) ??
        failure(`${call.name}(): every list is empty`, call.loc)
      )
    },
  },
  compact: {
    min: 1,
    fn: (args, call) => {
      const list = listArg(args, 0, call)
      return list.kind === 'unknown' ? list : tuple(list.items.filter((item) => !isEmpty(item)))
    },
  },
  zipmap: {
    min: 2,
    fn: (args, call) => {
      const keys = listArg(args, 0, call)
      const values = listArg(args, 1, call)
      if (keys.kind === 'unknown') return keys
      if (values.kind === 'unknown') return values
      if (keys.items.length !== values.items.length)
        return failure(`${call.name}(): the lists differ in length`, call.loc)
      const fields = new Map<string, TfValue>()
      for (const [i, key] of keys.items.entries()) {
        const name = textOf(key, `${call.name}(): key ${i + 1}`, call.loc)
        if (typeof name !== 'string') return name
        fields.set(name, values.items[i] ?? NULL)
      }
      return { kind: 'object', fields }
    },
  },
  range: {
    min: 1,
    max: 3,
    fn: (args, call) => {
      const numbers: number[] = []
      for (let i = 0; i < args.length; i++) {
        const value = numberOf(args[i] ?? NULL, argName(call, i), call.loc)
        if (typeof value !== 'number') return value
        numbers.push(value)
      }
      const [first = 0, second, third] = numbers
      const start = second === undefined ? 0 : first
      const end = second ?? first
      const step = third ?? (start <= end ? 1 : -1)
      if (step === 0 || (step > 0 && start > end) || (step < 0 && start < end)) {
        return step === 0
          ? failure(`${call.name}(): the step must not be zero`, call.loc)
          : tuple([])
      }
      const out: TfValue[] = []
      for (let n = start; step > 0 ? n < end : n > end; n += step) {
        if (out.length >= 1024) return failure(`${call.name}(): more than 1024 elements`, call.loc)
        out.push(num(n))
      }
      return tuple(out)
    },
  },
  slice: {
    min: 3,
    fn: (args, call) => {
      const list = listArg(args, 0, call)
      const start = integerArg(args, 1, call)
      const end = integerArg(args, 2, call)
      if (list.kind === 'unknown') return list
      if (typeof start !== 'number') return start
      if (typeof end !== 'number') return end
      if (start < 0 || end > list.items.length || start > end)
        return failure(`${call.name}(): the indexes are out of range`, call.loc)
      return tuple(list.items.slice(start, end))
    },
  },
  sort: {
    min: 1,
    fn: (args, call) => {
      const list = listArg(args, 0, call)
      if (list.kind === 'unknown') return list
      const texts: string[] = []
      for (const [i, item] of list.items.entries()) {
        const text = textOf(item, `${call.name}(): element ${i + 1}`, call.loc)
        if (typeof text !== 'string') return text
        texts.push(text)
      }
      return tuple(texts.sort().map((text) => str(text)))
    },
  },
  reverse: {
    min: 1,
    fn: (args, call) => {
      const list = listArg(args, 0, call)
      return list.kind === 'unknown' ? list : tuple([...list.items].reverse())
    },
  },
  one: {
    min: 1,
    fn: (args, call) => {
      const list = listArg(args, 0, call)
      if (list.kind === 'unknown') return list
      if (list.items.length > 1)
        return failure(`${call.name}(): the list has ${list.items.length} elements`, call.loc)
      return list.items[0] ?? NULL
    },
  },
  chunklist: {
    min: 2,
    fn: (args, call) => {
      const list = listArg(args, 0, call)
      const size = integerArg(args, 1, call)
      if (list.kind === 'unknown') return list
      if (typeof size !== 'number') return size
      if (size <= 0) return tuple([list])
      const out: TfValue[] = []
      for (let i = 0; i < list.items.length; i += size)
        out.push(tuple(list.items.slice(i, i + size)))
      return tuple(out)
    },
  },
  alltrue: { min: 1, fn: (args, call) => allOrAny(args, call, true) },
  anytrue: { min: 1, fn: (args, call) => allOrAny(args, call, false) },
  setunion: { min: 1, max: Infinity, fn: (args, call) => setOperation(args, call, 'union') },
  setintersection: {
    min: 1,
    max: Infinity,
    fn: (args, call) => setOperation(args, call, 'intersection'),
  },
  setsubtract: { min: 2, fn: (args, call) => setOperation(args, call, 'subtract') },
}

function allOrAny(args: readonly TfValue[], call: Call, all: boolean): TfValue {
  const list = listArg(args, 0, call)
  if (list.kind === 'unknown') return list
  let pending: TfUnknown | undefined
  for (const item of list.items) {
    const value = boolOf(item, `${call.name}(): each element`, call.loc)
    if (typeof value !== 'boolean') pending ??= value
    else if (value !== all) return bool(!all)
  }
  return pending ?? bool(all)
}

function setOperation(
  args: readonly TfValue[],
  call: Call,
  operation: 'union' | 'intersection' | 'subtract',
): TfValue {
  const all = lists(args, call)
  if (!Array.isArray(all)) return all
  const [first, ...rest] = all
  let result: TfValue[] = [...(first?.items ?? [])]
  for (const list of rest) {
    const next: TfValue[] = operation === 'union' ? [...result, ...list.items] : []
    if (operation !== 'union') {
      for (const item of result) {
        const found = holds(list.items, item, call)
        if (typeof found !== 'boolean') return found
        if (found === (operation === 'intersection')) next.push(item)
      }
    }
    result = next
  }
  const unique = distinct(result, call)
  return Array.isArray(unique) ? tuple(unique) : unique
}
