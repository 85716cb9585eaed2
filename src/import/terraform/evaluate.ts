/**
 * Evaluates one expression of keyward's HCL syntax tree to a {@link TfValue}. Never throws:
 * what cannot be known becomes an `unknown` carrying its reason and place.
 */
import type { Expr, Step } from '../hcl/syntax.ts'
import type { EvalContext } from './context.ts'
import { withBindings } from './context.ts'
import { callFunction } from './functions/call.ts'
import { binaryOperation, unaryOperation } from './operators.ts'
import { evaluateTemplate } from './template.ts'
import { applySteps } from './traverse.ts'
import { boolOf, failure, iterationEntries, textOf, tuple, typeName } from './value-ops.ts'
import type { Loc, TfValue } from './value.ts'
import { NULL } from './value.ts'

export function evaluate(expr: Expr, ctx: EvalContext): TfValue {
  switch (expr.kind) {
    case 'null':
      return NULL
    case 'bool':
      return { kind: 'bool', value: expr.value }
    case 'number':
      return { kind: 'number', value: expr.value }
    case 'template':
      return evaluateTemplate(expr.parts, ctx, expr.loc)
    case 'variable':
      return reference(expr.name, [], expr.loc, ctx)
    case 'traversal':
      if (expr.target.kind === 'variable')
        return reference(expr.target.name, expr.steps, expr.target.loc, ctx)
      return applySteps(evaluate(expr.target, ctx), expr.steps, ctx)
    case 'tuple':
      return tuple(expr.items.map((item) => evaluate(item, ctx)))
    case 'object':
      return evaluateObject(expr, ctx)
    case 'call':
      return callFunction(expr, ctx)
    case 'for':
      return evaluateFor(expr, ctx)
    case 'conditional': {
      const cond = boolOf(evaluate(expr.cond, ctx), 'the condition', expr.cond.loc)
      if (typeof cond !== 'boolean') return cond
      return evaluate(cond ? expr.then : expr.else, ctx)
    }
    case 'unary':
      return unaryOperation(expr.op, evaluate(expr.operand, ctx), expr.loc)
    case 'binary':
      return binaryOperation(
        expr.op,
        evaluate(expr.left, ctx),
        () => evaluate(expr.right, ctx),
        expr.loc,
      )
    case 'parens':
      return evaluate(expr.expr, ctx)
    case 'invalid':
      return failure('this expression could not be parsed', expr.loc)
  }
}

function reference(name: string, steps: readonly Step[], loc: Loc, ctx: EvalContext): TfValue {
  const bound = ctx.bindings.get(name)
  if (bound !== undefined) return applySteps(bound, steps, ctx)
  const resolved = ctx.resolver.reference(name, steps, loc, ctx)
  return applySteps(resolved.value, steps.slice(resolved.consumed), ctx)
}

function evaluateObject(expr: Extract<Expr, { kind: 'object' }>, ctx: EvalContext): TfValue {
  const fields = new Map<string, TfValue>()
  for (const item of expr.items) {
    let key: string
    if (item.key.kind === 'name') key = item.key.name
    else {
      const keyValue = textOf(evaluate(item.key.expr, ctx), 'an object key', item.loc)
      if (typeof keyValue !== 'string') return keyValue
      key = keyValue
    }
    if (fields.has(key)) return failure(`the object sets "${key}" twice`, item.loc)
    fields.set(key, evaluate(item.value, ctx))
  }
  return { kind: 'object', fields }
}

function evaluateFor(expr: Extract<Expr, { kind: 'for' }>, ctx: EvalContext): TfValue {
  const collection = evaluate(expr.collection, ctx)
  if (collection.kind === 'unknown') return collection
  const entries = iterationEntries(collection)
  if (entries === undefined)
    return failure(
      `a for expression needs a list, set or map, not ${typeName(collection)}`,
      expr.collection.loc,
    )
  const items: TfValue[] = []
  const fields = new Map<string, TfValue>()
  const groups = new Map<string, TfValue[]>()
  for (const [key, value] of entries) {
    const names: [string, TfValue][] = [[expr.valueVar, value]]
    if (expr.keyVar !== undefined) names.push([expr.keyVar, key])
    const inner = withBindings(ctx, names)
    if (expr.cond !== undefined) {
      const keep = boolOf(
        evaluate(expr.cond, inner),
        'the for expression\'s "if" condition',
        expr.cond.loc,
      )
      if (typeof keep !== 'boolean') return keep
      if (!keep) continue
    }
    if (expr.keyExpr === undefined) {
      items.push(evaluate(expr.valueExpr, inner))
      continue
    }
    const keyText = textOf(evaluate(expr.keyExpr, inner), 'a for expression key', expr.keyExpr.loc)
    if (typeof keyText !== 'string') return keyText
    const produced = evaluate(expr.valueExpr, inner)
    if (expr.group) groups.set(keyText, [...(groups.get(keyText) ?? []), produced])
    else if (fields.has(keyText)) {
      return failure(
        `the for expression produces key "${keyText}" twice: add "..." to group the values`,
        expr.loc,
      )
    } else fields.set(keyText, produced)
  }
  if (expr.keyExpr === undefined) return tuple(items)
  if (expr.group) for (const [key, values] of groups) fields.set(key, tuple(values))
  return { kind: 'object', fields }
}
