/** Attribute access, indexing and splats on evaluated values. */
import type { Step } from '../hcl/syntax.ts'
import type { EvalContext } from './context.ts'
import { evaluate } from './evaluate.ts'
import { failure, numberText, textOf, tuple, typeName } from './value-ops.ts'
import type { Loc, TfUnknown, TfValue } from './value.ts'

/**
 * Objects standing for a whole resource or module hold only what the configuration sets; this
 * answers for the attributes they lack (`arn`, `id`, an output), so `each.value.arn` works when
 * `for_each = aws_iam_user.all`.
 */
const fallbacks = new WeakMap<TfValue, (name: string, loc: Loc) => TfValue | undefined>()

export function registerFallback(
  value: TfValue,
  answer: (name: string, loc: Loc) => TfValue | undefined,
): void {
  fallbacks.set(value, answer)
}

export function applySteps(value: TfValue, steps: readonly Step[], ctx: EvalContext): TfValue {
  let current = value
  for (const step of steps) current = applyStep(current, step, ctx)
  return current
}

function applyStep(value: TfValue, step: Step, ctx: EvalContext): TfValue {
  switch (step.kind) {
    case 'attr':
      return getAttr(value, step.name, step.loc)
    case 'index':
      return getIndex(value, evaluate(step.key, ctx), step.loc)
    case 'splat':
      if (value.kind === 'unknown') return value
      if (value.kind === 'null') return tuple([])
      if (value.kind === 'tuple')
        return tuple(value.items.map((item) => applySteps(item, step.steps, ctx)))
      return tuple([applySteps(value, step.steps, ctx)])
  }
}

export function getAttr(value: TfValue, name: string, loc: Loc): TfValue {
  if (value.kind === 'unknown') return value
  if (value.kind === 'object') {
    const field = value.fields.get(name) ?? fallbacks.get(value)?.(name, loc)
    return field ?? failure(`this object has no attribute "${name}"`, loc)
  }
  if (value.kind === 'null') return failure(`cannot read attribute "${name}" of null`, loc)
  if (value.kind === 'tuple') {
    return failure(`a list has no attribute "${name}": use [*].${name} or an index`, loc)
  }
  return failure(`a ${typeName(value)} has no attribute "${name}"`, loc)
}

export function getIndex(value: TfValue, key: TfValue, loc: Loc): TfValue {
  if (value.kind === 'unknown') return value
  if (key.kind === 'unknown') return key
  if (value.kind === 'tuple') {
    const index = key.kind === 'number' ? key.value : Number(textOf(key, 'the index', loc))
    if (!Number.isInteger(index)) return failure('a list index must be a whole number', loc)
    return (
      value.items[index] ??
      failure(`index ${index} is out of range: the list has ${value.items.length} elements`, loc)
    )
  }
  if (value.kind === 'object') {
    const name = textOf(key, 'the key', loc)
    if (typeof name !== 'string') return name
    return (
      value.fields.get(name) ??
      fallbacks.get(value)?.(name, loc) ??
      failure(`this map has no element "${name}"`, loc)
    )
  }
  if (value.kind === 'null') return failure('cannot index null', loc)
  return failure(`a ${typeName(value)} cannot be indexed`, loc)
}

/**
 * Steps as Terraform writes an attribute path (`identity[0].oidc[0].issuer`), for references to
 * attributes known only after apply; an unknown when an index is not known.
 */
export function pathText(steps: readonly Step[], ctx: EvalContext): string | TfUnknown {
  let out = ''
  for (const step of steps) {
    if (step.kind === 'attr') out += out === '' ? step.name : `.${step.name}`
    else if (step.kind === 'splat') {
      const inner = pathText(step.steps, ctx)
      if (typeof inner !== 'string') return inner
      out += inner === '' ? '[*]' : inner.startsWith('[') ? `[*]${inner}` : `[*].${inner}`
    } else {
      const key = evaluate(step.key, ctx)
      if (key.kind === 'unknown') return key
      if (key.kind === 'number') out += `[${numberText(key.value)}]`
      else {
        const text = textOf(key, 'the index', step.loc)
        if (typeof text !== 'string') return text
        out += `[${JSON.stringify(text)}]`
      }
    }
  }
  return out
}
