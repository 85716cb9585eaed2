/** Type conversion functions and the sensitivity markers, which change nothing keyward keeps. */
import { asString, boolOf, failure, numberOf, typeName } from '../value-ops.ts'
import type { TfValue } from '../value.ts'
import { NULL } from '../value.ts'
import type { FunctionTable, TfFunction } from './function.ts'
import { argName, bool, num } from './function.ts'
import { COLLECTION_FUNCTIONS } from './collections.ts'
import { concreteText } from '../value.ts'

const identity: TfFunction = { min: 1, takesUnknown: true, fn: ([value = NULL]) => value }

export const CONVERSION_FUNCTIONS: FunctionTable = {
  tostring: {
    min: 1,
    fn: ([value = NULL], call) =>
      value.kind === 'null' ? NULL : asString(value, argName(call, 0), call.loc),
  },
  tonumber: {
    min: 1,
    fn: ([value = NULL], call) => {
      if (value.kind === 'null') return NULL
      const n = numberOf(value, argName(call, 0), call.loc)
      return typeof n === 'number' ? num(n) : n
    },
  },
  tobool: {
    min: 1,
    fn: ([value = NULL], call) => {
      if (value.kind === 'null') return NULL
      const b = boolOf(value, argName(call, 0), call.loc)
      return typeof b === 'boolean' ? bool(b) : b
    },
  },
  tolist: {
    min: 1,
    fn: ([value = NULL], call) =>
      value.kind === 'tuple'
        ? value
        : failure(`${call.name}() needs a list or set, not ${typeName(value)}`, call.loc),
  },
  toset: {
    min: 1,
    fn: (args, call) => {
      const [value = NULL] = args
      if (value.kind !== 'tuple')
        return failure(`${call.name}() needs a list or set, not ${typeName(value)}`, call.loc)
      const distinct = COLLECTION_FUNCTIONS.distinct?.fn(args, call) ?? value
      if (distinct.kind !== 'tuple') return distinct
      // Terraform orders a set of strings lexically; other sets keep their order here.
      const texts = distinct.items.map((item) => concreteText(item))
      if (texts.some((text) => text === undefined)) return distinct
      const order = distinct.items.map((item, i) => [texts[i] ?? '', item] as const)
      order.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      return { kind: 'tuple', items: order.map(([, item]) => item) }
    },
  },
  tomap: {
    min: 1,
    fn: ([value = NULL], call): TfValue =>
      value.kind === 'object'
        ? value
        : failure(`${call.name}() needs a map or object, not ${typeName(value)}`, call.loc),
  },
  sensitive: identity,
  nonsensitive: identity,
}
