/** Arithmetic, comparison and logical operators, and the conditional's test. */
import type { BinaryOperator } from '../hcl/syntax.ts'
import { boolOf, equalValues, failure, numberOf } from './value-ops.ts'
import type { Loc, TfValue } from './value.ts'

const ARITHMETIC: Readonly<Record<string, (a: number, b: number) => number>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
}

const ORDER: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
}

export function unaryOperation(op: '-' | '!', operand: TfValue, loc: Loc): TfValue {
  if (op === '!') {
    const value = boolOf(operand, 'the operand of !', loc)
    return typeof value === 'boolean' ? { kind: 'bool', value: !value } : value
  }
  const value = numberOf(operand, 'the operand of -', loc)
  return typeof value === 'number' ? { kind: 'number', value: -value } : value
}

/**
 * `left op right`. `right` is a thunk so `&&` and `||` can stop at a deciding left operand:
 * `var.enabled && aws_x.y.id != ""` is false without knowing the id.
 */
export function binaryOperation(
  op: BinaryOperator,
  left: TfValue,
  right: () => TfValue,
  loc: Loc,
): TfValue {
  if (op === '&&' || op === '||') return logical(op, left, right, loc)
  const rightValue = right()
  if (op === '==' || op === '!=') {
    const same = equalValues(left, rightValue, loc)
    if (typeof same !== 'boolean') return same
    return { kind: 'bool', value: op === '==' ? same : !same }
  }
  const a = numberOf(left, `the left operand of ${op}`, loc)
  if (typeof a !== 'number') return a
  const b = numberOf(rightValue, `the right operand of ${op}`, loc)
  if (typeof b !== 'number') return b
  const order = ORDER[op]
  if (order !== undefined) return { kind: 'bool', value: order(a, b) }
  if ((op === '/' || op === '%') && b === 0) return failure('division by zero', loc)
  const arithmetic = ARITHMETIC[op]
  if (arithmetic === undefined) return failure(`unsupported operator ${op}`, loc)
  return { kind: 'number', value: arithmetic(a, b) }
}

function logical(op: '&&' | '||', left: TfValue, right: () => TfValue, loc: Loc): TfValue {
  const deciding = op === '||'
  const a = boolOf(left, `the left operand of ${op}`, loc)
  if (a === deciding) return { kind: 'bool', value: deciding }
  const b = boolOf(right(), `the right operand of ${op}`, loc)
  if (b === deciding) return { kind: 'bool', value: deciding }
  if (typeof a !== 'boolean') return a
  if (typeof b !== 'boolean') return b
  return { kind: 'bool', value: !deciding }
}
