/**
 * String templates. Interpolated strings contribute their segments unchanged, so
 * `"${var.project}-ci"` keeps saying which part came from `var.project`.
 */
import type { TemplatePart } from '../hcl/syntax.ts'
import type { EvalContext } from './context.ts'
import { withBindings } from './context.ts'
import { evaluate } from './evaluate.ts'
import { boolOf, failure, numberText, iterationEntries, stringOf, typeName } from './value-ops.ts'
import type { Loc, Segment, TfUnknown, TfValue } from './value.ts'

export function evaluateTemplate(
  parts: readonly TemplatePart[],
  ctx: EvalContext,
  loc: Loc,
): TfValue {
  const [only] = parts
  // A template that is a single interpolation yields the value itself, as in Terraform:
  // `"${var.tags}"` is still a map, and a resource attribute keeps its origin.
  if (parts.length === 1 && only?.kind === 'interpolation') return evaluate(only.expr, ctx)
  const segments: Segment[] = []
  const pending = render(parts, ctx, segments, loc)
  return pending ?? stringOf(segments)
}

function render(
  parts: readonly TemplatePart[],
  ctx: EvalContext,
  out: Segment[],
  loc: Loc,
): TfUnknown | undefined {
  for (const part of parts) {
    const pending = renderPart(part, ctx, out, loc)
    if (pending !== undefined) return pending
  }
  return undefined
}

function renderPart(
  part: TemplatePart,
  ctx: EvalContext,
  out: Segment[],
  loc: Loc,
): TfUnknown | undefined {
  switch (part.kind) {
    case 'literal':
      out.push({ kind: 'text', text: part.text })
      return undefined
    case 'interpolation':
      return interpolate(evaluate(part.expr, ctx), out, part.loc)
    case 'if': {
      const cond = boolOf(evaluate(part.cond, ctx), 'the %{if} condition', part.loc)
      if (typeof cond !== 'boolean') return cond
      return render(cond ? part.then : part.else, ctx, out, loc)
    }
    case 'for': {
      const collection = evaluate(part.collection, ctx)
      if (collection.kind === 'unknown') return collection
      const entries = iterationEntries(collection)
      if (entries === undefined)
        return failure(`%{for} needs a list or map, not ${typeName(collection)}`, part.loc)
      for (const [key, value] of entries) {
        const names: [string, TfValue][] = [[part.valueVar, value]]
        if (part.keyVar !== undefined) names.push([part.keyVar, key])
        const pending = render(part.body, withBindings(ctx, names), out, loc)
        if (pending !== undefined) return pending
      }
      return undefined
    }
  }
}

function interpolate(value: TfValue, out: Segment[], loc: Loc): TfUnknown | undefined {
  switch (value.kind) {
    case 'unknown':
      return value
    case 'string':
      out.push(...value.segments)
      return undefined
    case 'number':
      out.push({ kind: 'text', text: numberText(value.value) })
      return undefined
    case 'bool':
      out.push({ kind: 'text', text: String(value.value) })
      return undefined
    case 'null':
      return failure('a template cannot interpolate null', loc)
    default:
      return failure(`a template cannot interpolate a ${typeName(value)}`, loc)
  }
}
