/**
 * Type constraints (`type = list(string)`) and the conversions Terraform applies to a value
 * given for them: `"5"` to a number, `true` to `"true"`, optional object attributes filled in.
 */
import type { Expr } from '../hcl/syntax.ts'
import type { EvalContext } from './context.ts'
import { evaluate } from './evaluate.ts'
import { asString, boolOf, failure, numberOf, tuple, typeName } from './value-ops.ts'
import type { Loc, TfValue } from './value.ts'
import { NULL } from './value.ts'

export interface ObjectAttributeType {
  readonly type: TypeSpec
  readonly optional: boolean
  readonly default?: Expr
}

export type TypeSpec =
  | { readonly kind: 'any' | 'string' | 'number' | 'bool' }
  | { readonly kind: 'list' | 'set' | 'map'; readonly element: TypeSpec }
  | { readonly kind: 'tuple'; readonly elements: readonly TypeSpec[] }
  | { readonly kind: 'object'; readonly attributes: ReadonlyMap<string, ObjectAttributeType> }

const ANY: TypeSpec = { kind: 'any' }

/** The type an expression such as `map(object({ name = string }))` denotes, or why it is not one. */
export function typeSpecOf(expr: Expr): TypeSpec | string {
  if (expr.kind === 'variable') {
    if (
      expr.name === 'string' ||
      expr.name === 'number' ||
      expr.name === 'bool' ||
      expr.name === 'any'
    )
      return { kind: expr.name }
    return `unknown type ${expr.name}`
  }
  if (expr.kind === 'template' && expr.parts.length === 1 && expr.parts[0]?.kind === 'literal') {
    const legacy = expr.parts[0].text
    if (legacy === 'string') return { kind: 'string' }
    if (legacy === 'list' || legacy === 'map') return { kind: legacy, element: ANY }
  }
  if (expr.kind !== 'call') return 'not a type constraint'
  const [arg] = expr.args
  if (expr.name === 'list' || expr.name === 'set' || expr.name === 'map') {
    const element = arg === undefined ? ANY : typeSpecOf(arg)
    return typeof element === 'string' ? element : { kind: expr.name, element }
  }
  if (expr.name === 'tuple' && arg?.kind === 'tuple') {
    const elements: TypeSpec[] = []
    for (const item of arg.items) {
      const element = typeSpecOf(item)
      if (typeof element === 'string') return element
      elements.push(element)
    }
    return { kind: 'tuple', elements }
  }
  if (expr.name === 'object' && arg?.kind === 'object') return objectSpecOf(arg)
  return `unknown type ${expr.name}(…)`
}

function objectSpecOf(arg: Extract<Expr, { kind: 'object' }>): TypeSpec | string {
  const attributes = new Map<string, ObjectAttributeType>()
  for (const item of arg.items) {
    const name = item.key.kind === 'name' ? item.key.name : keyText(item.key.expr)
    if (name === undefined) return 'object type attribute names must be plain names'
    const value = item.value
    if (value.kind === 'call' && value.name === 'optional') {
      const [inner, fallback] = value.args
      const type = inner === undefined ? ANY : typeSpecOf(inner)
      if (typeof type === 'string') return type
      attributes.set(name, {
        type,
        optional: true,
        ...(fallback === undefined ? {} : { default: fallback }),
      })
    } else {
      const type = typeSpecOf(value)
      if (typeof type === 'string') return type
      attributes.set(name, { type, optional: false })
    }
  }
  return { kind: 'object', attributes }
}

function keyText(expr: Expr): string | undefined {
  if (expr.kind !== 'template' || expr.parts.length !== 1) return undefined
  const [part] = expr.parts
  return part?.kind === 'literal' ? part.text : undefined
}

/**
 * `value` converted to `type` as Terraform converts a variable's value. `what` names the value
 * in failures; `ctx` evaluates optional attributes' defaults.
 */
export function convert(
  value: TfValue,
  type: TypeSpec,
  what: string,
  loc: Loc,
  ctx: EvalContext,
): TfValue {
  if (value.kind === 'unknown' || value.kind === 'null' || type.kind === 'any') return value
  switch (type.kind) {
    case 'string':
      return asString(value, what, loc)
    case 'number': {
      const n = numberOf(value, what, loc)
      return typeof n === 'number' ? { kind: 'number', value: n } : n
    }
    case 'bool': {
      const b = boolOf(value, what, loc)
      return typeof b === 'boolean' ? { kind: 'bool', value: b } : b
    }
    case 'list':
    case 'set':
      if (value.kind !== 'tuple')
        return failure(`${what} must be a ${type.kind}, not ${typeName(value)}`, loc)
      return tuple(
        value.items.map((item, i) => convert(item, type.element, `${what}[${i}]`, loc, ctx)),
      )
    case 'tuple':
      if (value.kind !== 'tuple' || value.items.length !== type.elements.length) {
        return failure(`${what} must be a tuple of ${type.elements.length} elements`, loc)
      }
      return tuple(
        value.items.map((item, i) =>
          convert(item, type.elements[i] ?? ANY, `${what}[${i}]`, loc, ctx),
        ),
      )
    case 'map': {
      if (value.kind !== 'object')
        return failure(`${what} must be a map, not ${typeName(value)}`, loc)
      const fields = new Map<string, TfValue>()
      for (const [key, item] of value.fields)
        fields.set(key, convert(item, type.element, `${what}["${key}"]`, loc, ctx))
      return { kind: 'object', fields }
    }
    case 'object':
      return convertObject(value, type.attributes, what, loc, ctx)
  }
}

function convertObject(
  value: TfValue,
  attributes: ReadonlyMap<string, ObjectAttributeType>,
  what: string,
  loc: Loc,
  ctx: EvalContext,
): TfValue {
  if (value.kind !== 'object')
    return failure(`${what} must be an object, not ${typeName(value)}`, loc)
  const fields = new Map<string, TfValue>()
  for (const [name, attribute] of attributes) {
    const given = value.fields.get(name)
    const inner = `${what}.${name}`
    if (given !== undefined && given.kind !== 'null')
      fields.set(name, convert(given, attribute.type, inner, loc, ctx))
    else if (attribute.default !== undefined) {
      fields.set(name, convert(evaluate(attribute.default, ctx), attribute.type, inner, loc, ctx))
    } else if (attribute.optional || given !== undefined) fields.set(name, NULL)
    else return failure(`${what} lacks the required attribute "${name}"`, loc)
  }
  return { kind: 'object', fields }
}
