/**
 * Function calls: arguments evaluated (a trailing `...` spreads a list), `try`/`can` handled
 * before their arguments can fail, everything else looked up in the function tables.
 */
import type { Expr } from '../../hcl/syntax.ts'
import type { EvalContext } from '../context.ts'
import { evaluate } from '../evaluate.ts'
import { failure, findFailure, findUnknown, isFailure, unknown } from '../value-ops.ts'
import type { TfValue } from '../value.ts'
import { COLLECTION_FUNCTIONS } from './collections.ts'
import { CONVERSION_FUNCTIONS } from './conversions.ts'
import { ENCODING_FUNCTIONS } from './encoding.ts'
import { FORMAT_FUNCTIONS } from './format.ts'
import type { Call, FunctionTable } from './function.ts'
import { bool } from './function.ts'
import { NUMBER_FUNCTIONS } from './numbers.ts'
import { STRING_FUNCTIONS } from './strings.ts'

const TABLE: FunctionTable = {
  ...STRING_FUNCTIONS,
  ...FORMAT_FUNCTIONS,
  ...COLLECTION_FUNCTIONS,
  ...NUMBER_FUNCTIONS,
  ...ENCODING_FUNCTIONS,
  ...CONVERSION_FUNCTIONS,
}

/** Functions whose result keyward cannot know when it reads the configuration, and why. */
const UNAVAILABLE: Readonly<Record<string, string>> = {
  file: 'reads a file',
  filebase64: 'reads a file',
  filemd5: 'reads a file',
  filesha1: 'reads a file',
  filesha256: 'reads a file',
  filesha512: 'reads a file',
  filebase64sha256: 'reads a file',
  filebase64sha512: 'reads a file',
  fileexists: 'reads a file',
  fileset: 'reads a file',
  templatefile: 'reads a file',
  abspath: 'depends on where Terraform runs',
  pathexpand: 'depends on where Terraform runs',
  timestamp: 'changes on every run',
  plantimestamp: 'changes on every run',
  uuid: 'changes on every run',
  bcrypt: 'changes on every run',
}

type CallExpr = Extract<Expr, { kind: 'call' }>

export function callFunction(expr: CallExpr, ctx: EvalContext): TfValue {
  const call: Call = { name: expr.name, loc: expr.loc }
  if (expr.name === 'try') return tryCall(expr, ctx)
  if (expr.name === 'can') return canCall(expr, ctx)
  const reason = UNAVAILABLE[expr.name]
  if (reason !== undefined) return unknown(`${expr.name}() ${reason}`, expr.loc)
  const spec = Object.hasOwn(TABLE, expr.name) ? TABLE[expr.name] : undefined
  if (spec === undefined) {
    ctx.resolver.problem({
      severity: 'warning',
      message: `function ${expr.name} is not supported`,
      loc: expr.loc,
    })
    return unknown(`function ${expr.name} is not supported`, expr.loc)
  }
  const args = argumentsOf(expr, ctx)
  if ('kind' in args) return args
  const max = spec.max ?? spec.min
  if (args.length < spec.min || args.length > max) {
    const wanted =
      spec.min === max
        ? `${spec.min}`
        : max === Infinity
          ? `at least ${spec.min}`
          : `${spec.min} to ${max}`
    return failure(
      `${expr.name}() takes ${wanted} argument${wanted === '1' ? '' : 's'}, not ${args.length}`,
      expr.loc,
    )
  }
  if (spec.takesUnknown !== true) {
    const pending = args.find((arg) => arg.kind === 'unknown')
    if (pending !== undefined) return pending
  }
  try {
    return spec.fn(args, call)
  } catch (error) {
    // JavaScript's own limits (a precision past 100, a string too long to repeat) throw where
    // Terraform would report an invalid argument: the value is a failure, not a crash.
    if (error instanceof RangeError || error instanceof TypeError) {
      return failure(`${expr.name}(): ${error.message}`, expr.loc)
    }
    throw error
  }
}

function argumentsOf(expr: CallExpr, ctx: EvalContext): readonly TfValue[] | TfValue {
  const values = expr.args.map((arg) => evaluate(arg, ctx))
  if (!expr.expandLast) return values
  const last = values.pop()
  if (last === undefined) return values
  if (last.kind === 'unknown') return last
  if (last.kind !== 'tuple') return failure('only a list can be expanded with "..."', expr.loc)
  return [...values, ...last.items]
}

/** The first argument that evaluates without an error; a value known only later stays unknown. */
function tryCall(expr: CallExpr, ctx: EvalContext): TfValue {
  let last: TfValue = failure('try() needs at least one argument', expr.loc)
  for (const arg of expr.args) {
    last = evaluate(arg, ctx)
    if (findFailure(last) === undefined) return last
  }
  return isFailure(last)
    ? failure(`no argument of try() could be evaluated: ${reasonOf(last)}`, expr.loc)
    : last
}

function canCall(expr: CallExpr, ctx: EvalContext): TfValue {
  const [arg] = expr.args
  if (arg === undefined || expr.args.length > 1) return failure('can() takes 1 argument', expr.loc)
  const value = evaluate(arg, ctx)
  if (findFailure(value) !== undefined) return bool(false)
  return findUnknown(value) ?? bool(true)
}

function reasonOf(value: TfValue): string {
  return value.kind === 'unknown' ? value.reason : 'an error'
}
