/** The shape of one built-in Terraform function as keyward evaluates it. */
import type { Loc, TfUnknown, TfValue } from '../value.ts'
import { textOf } from '../value-ops.ts'

/** The call being evaluated, for messages and unknowns. */
export interface Call {
  readonly name: string
  readonly loc: Loc
}

export interface TfFunction {
  readonly min: number
  /** Omitted: exactly `min` arguments. */
  readonly max?: number
  /** The function sees unknown arguments itself; otherwise the first one is its result. */
  readonly takesUnknown?: boolean
  readonly fn: (args: readonly TfValue[], call: Call) => TfValue
}

export type FunctionTable = Readonly<Record<string, TfFunction>>

/** What names argument `index` (0-based) in an unknown's reason: `lower(): argument 1`. */
export function argName(call: Call, index: number): string {
  return `${call.name}(): argument ${index + 1}`
}

/** Argument `index` as text, or the unknown saying which argument is not known. */
export function textArg(args: readonly TfValue[], index: number, call: Call): string | TfUnknown {
  const value = args[index]
  if (value === undefined) return textOf({ kind: 'null' }, argName(call, index), call.loc)
  return textOf(value, argName(call, index), call.loc)
}

export function str(text: string): TfValue {
  return { kind: 'string', segments: text === '' ? [] : [{ kind: 'text', text }] }
}

export function num(value: number): TfValue {
  return { kind: 'number', value }
}

export function bool(value: boolean): TfValue {
  return { kind: 'bool', value }
}
