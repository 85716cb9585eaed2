/**
 * `count` and `for_each`: which instances a resource, module call or dynamic block has, with the
 * names each instance sees (`count.index`, `each.key`, `each.value`) and its address key.
 */
import type { HclAttribute } from '../hcl/syntax.ts'
import type { EvalContext } from './context.ts'
import type { Loc } from './value.ts'
import type { ModuleInstance } from './module-instance.ts'
import { evaluate } from './evaluate.ts'
import { failure, numberText, sortedEntries, stringOf, textOf, typeName } from './value-ops.ts'
import type { TfUnknown, TfValue } from './value.ts'
import { concreteText } from './value.ts'

export interface InstanceKey {
  /** The `count` index or `for_each` key; undefined for a block with neither. */
  readonly key?: string | number
  readonly eachKey: TfValue
  readonly eachValue: TfValue
}

export type Expansion =
  | { readonly kind: 'single' }
  | { readonly kind: 'count' | 'for_each'; readonly keys: readonly InstanceKey[] }
  | { readonly kind: 'unknown'; readonly value: TfUnknown; readonly attribute: HclAttribute }

/**
 * A resource's or module call's instances, evaluated once per module instance. One whose
 * `count`/`for_each` cannot be evaluated is reported and left out (`leftOut` names what it is).
 */
export function expandDeclaration(
  module: ModuleInstance,
  address: string,
  decl: {
    readonly count?: HclAttribute
    readonly forEach?: HclAttribute
    readonly loc: Loc
  },
  leftOut: string,
): Expansion {
  return module.session.once(
    `${module.address}|expand|${address}`,
    address,
    decl.loc,
    () => {
      const expansion = expand(decl.count, decl.forEach, module.context())
      if (expansion.kind === 'unknown') {
        module.problem({
          severity: 'error',
          message: `the ${expansion.attribute.name} of ${address} cannot be evaluated (${expansion.value.reason}); the ${leftOut} is left out`,
          loc: expansion.attribute.loc,
          hint: 'give the variables it depends on with --var or a .tfvars file',
        })
      }
      return expansion
    },
    (value) => ({
      kind: 'unknown',
      value,
      attribute: decl.count ??
        decl.forEach ?? { name: 'count', expr: { kind: 'null', loc: decl.loc }, loc: decl.loc },
    }),
  )
}

/** Expands by `count` or `for_each`, evaluated in `ctx` (the enclosing module). */
export function expand(
  count: HclAttribute | undefined,
  forEach: HclAttribute | undefined,
  ctx: EvalContext,
): Expansion {
  if (count !== undefined) {
    const value = evaluate(count.expr, ctx)
    const n =
      value.kind === 'number'
        ? value.value
        : value.kind === 'string'
          ? Number(concreteText(value))
          : NaN
    if (value.kind === 'unknown') return { kind: 'unknown', value, attribute: count }
    if (!Number.isInteger(n) || n < 0) {
      return {
        kind: 'unknown',
        value: failure(`count must be a whole number, not ${describe(value)}`, count.loc),
        attribute: count,
      }
    }
    const keys = Array.from({ length: n }, (_, index) => {
      const number: TfValue = { kind: 'number', value: index }
      return { key: index, eachKey: number, eachValue: number }
    })
    return { kind: 'count', keys }
  }
  if (forEach === undefined) return { kind: 'single' }
  const keys = forEachKeys(evaluate(forEach.expr, ctx), forEach)
  return Array.isArray(keys)
    ? { kind: 'for_each', keys }
    : { kind: 'unknown', value: keys, attribute: forEach }
}

/** The instances of a `for_each` value: a map's keys, or a set of strings' elements, in order. */
function forEachKeys(value: TfValue, attribute: HclAttribute): InstanceKey[] | TfUnknown {
  if (value.kind === 'unknown') return value
  if (value.kind === 'object') {
    return sortedEntries(value.fields).map(([key, item]) => ({
      key,
      eachKey: stringOf([{ kind: 'text', text: key }]),
      eachValue: item,
    }))
  }
  if (value.kind !== 'tuple')
    return failure(
      `for_each needs a map or a set of strings, not ${describe(value)}`,
      attribute.loc,
    )
  const byKey = new Map<string, TfValue>()
  for (const item of value.items) {
    const key = textOf(item, 'each element of for_each', attribute.loc)
    if (typeof key !== 'string') return key
    if (!byKey.has(key)) byKey.set(key, item)
  }
  return [...byKey]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, item]) => ({ key, eachKey: item, eachValue: item }))
}

/** `[0]` or `["ci"]`, as Terraform writes an instance key in an address. */
export function keySuffix(key: string | number | undefined): string {
  if (key === undefined) return ''
  return typeof key === 'number' ? `[${numberText(key)}]` : `[${JSON.stringify(key)}]`
}

/** The names an instance sees: `count.index`, or `each.key` and `each.value`. */
export function instanceBindings(expansion: Expansion, key: InstanceKey): [string, TfValue][] {
  if (expansion.kind === 'count')
    return [['count', { kind: 'object', fields: new Map([['index', key.eachValue]]) }]]
  if (expansion.kind === 'for_each') {
    return [
      [
        'each',
        {
          kind: 'object',
          fields: new Map([
            ['key', key.eachKey],
            ['value', key.eachValue],
          ]),
        },
      ],
    ]
  }
  return []
}

function describe(value: TfValue): string {
  const text = concreteText(value)
  return text === undefined ? `a ${typeName(value)}` : `"${text}"`
}
