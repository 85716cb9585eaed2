/** Numeric functions. */
import { failure, numberOf, textOf } from '../value-ops.ts'
import type { TfUnknown, TfValue } from '../value.ts'
import { NULL } from '../value.ts'
import type { Call, FunctionTable, TfFunction } from './function.ts'
import { argName, num } from './function.ts'

function numbers(values: readonly TfValue[], call: Call, offset = 0): number[] | TfUnknown {
  const out: number[] = []
  for (const [i, value] of values.entries()) {
    const n = numberOf(value, argName(call, i + offset), call.loc)
    if (typeof n !== 'number') return n
    out.push(n)
  }
  return out
}

function onNumbers(
  min: number,
  max: number,
  fn: (values: number[], call: Call) => TfValue,
): TfFunction {
  return {
    min,
    max,
    fn: (args, call) => {
      const values = numbers(args, call)
      return Array.isArray(values) ? fn(values, call) : values
    },
  }
}

const one = (fn: (value: number) => number): TfFunction =>
  onNumbers(1, 1, ([value = 0]) => num(fn(value)))

export const NUMBER_FUNCTIONS: FunctionTable = {
  abs: one(Math.abs),
  ceil: one(Math.ceil),
  floor: one(Math.floor),
  signum: one(Math.sign),
  pow: onNumbers(2, 2, ([base = 0, exponent = 0]) => num(base ** exponent)),
  log: onNumbers(2, 2, ([value = 0, base = 0]) => num(Math.log(value) / Math.log(base))),
  min: onNumbers(1, Infinity, (values) => num(Math.min(...values))),
  max: onNumbers(1, Infinity, (values) => num(Math.max(...values))),
  sum: {
    min: 1,
    fn: ([list = NULL], call) => {
      if (list.kind !== 'tuple') return failure(`${call.name}() needs a list of numbers`, call.loc)
      if (list.items.length === 0)
        return failure(`${call.name}() cannot sum an empty list`, call.loc)
      const values = numbers(list.items, call)
      return Array.isArray(values) ? num(values.reduce((a, b) => a + b, 0)) : values
    },
  },
  parseint: {
    min: 2,
    fn: (args, call) => {
      const text = textOf(args[0] ?? NULL, argName(call, 0), call.loc)
      const base = numberOf(args[1] ?? NULL, argName(call, 1), call.loc)
      if (typeof text !== 'string') return text
      if (typeof base !== 'number') return base
      const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, base)
      const body = text.replace(/^[-+]/, '').toLowerCase()
      if (
        base < 2 ||
        base > 36 ||
        body === '' ||
        Array.from(body).some((c) => !digits.includes(c))
      ) {
        return failure(`${call.name}(): "${text}" is not a base-${base} integer`, call.loc)
      }
      const value = parseInt(body, base)
      return num(text.startsWith('-') ? -value : value)
    },
  },
}
