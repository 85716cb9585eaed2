/**
 * How each condition operator compares one policy value with one request value. Negated
 * operators (StringNotEquals, NotIpAddress, …) are their positive twin, negated over all values
 * by the condition evaluator.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import type { BaseOperator } from '../condition-operators.ts'
import { blockContains } from './ip.ts'
import { arnMatches } from './match.ts'
import { partsText, type Part } from './variables.ts'

export interface Comparison {
  /** Whether `*` and `?` in policy values are wildcards. */
  readonly wildcards: boolean
  readonly negated: boolean
  readonly compare: (policy: readonly Part[], request: string) => boolean
}

const exact = (policy: readonly Part[], request: string): boolean => partsText(policy) === request
const ignoreCase = (policy: readonly Part[], request: string): boolean =>
  partsText(policy).toLowerCase() === request.toLowerCase()

function glob(policy: readonly Part[], request: string): boolean {
  let source = ''
  for (const part of policy) {
    if (part.kind === 'star') source += '.*'
    else if (part.kind === 'one') source += '.'
    else source += part.text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
  }
  return new RegExp(`^${source}$`, 's').test(request)
}

/** Numbers as IAM reads them: integers or decimals, nothing else. */
function number(text: string): number | undefined {
  return /^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/.test(text) ? Number(text) : undefined
}

/** ISO 8601 dates, or epoch seconds. */
function date(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? undefined : ms
}

function ordered(
  parse: (text: string) => number | undefined,
  test: (policy: number, request: number) => boolean,
): (policy: readonly Part[], request: string) => boolean {
  return (policy, request) => {
    const p = parse(partsText(policy))
    const r = parse(request)
    return p !== undefined && r !== undefined && test(p, r)
  }
}

const equal = (p: number, r: number): boolean => r === p
const less = (p: number, r: number): boolean => r < p
const lessOrEqual = (p: number, r: number): boolean => r <= p
const greater = (p: number, r: number): boolean => r > p
const greaterOrEqual = (p: number, r: number): boolean => r >= p

const positive = (wildcards: boolean, compare: Comparison['compare']): Comparison => ({
  wildcards,
  negated: false,
  compare,
})
const negative = (twin: Comparison): Comparison => ({ ...twin, negated: true })

const STRING_EQUALS = positive(false, exact)
const STRING_EQUALS_IGNORE_CASE = positive(false, ignoreCase)
const STRING_LIKE = positive(true, glob)
const NUMERIC_EQUALS = positive(false, ordered(number, equal))
const DATE_EQUALS = positive(false, ordered(date, equal))
const IP_ADDRESS = positive(false, (policy, request) => blockContains(partsText(policy), request))
const ARN_LIKE = positive(true, (policy, request) => arnMatches(policy, request))

const TABLE: Readonly<Record<Exclude<BaseOperator, 'Null'>, Comparison>> = {
  StringEquals: STRING_EQUALS,
  StringNotEquals: negative(STRING_EQUALS),
  StringEqualsIgnoreCase: STRING_EQUALS_IGNORE_CASE,
  StringNotEqualsIgnoreCase: negative(STRING_EQUALS_IGNORE_CASE),
  StringLike: STRING_LIKE,
  StringNotLike: negative(STRING_LIKE),
  NumericEquals: NUMERIC_EQUALS,
  NumericNotEquals: negative(NUMERIC_EQUALS),
  NumericLessThan: positive(false, ordered(number, less)),
  NumericLessThanEquals: positive(false, ordered(number, lessOrEqual)),
  NumericGreaterThan: positive(false, ordered(number, greater)),
  NumericGreaterThanEquals: positive(false, ordered(number, greaterOrEqual)),
  DateEquals: DATE_EQUALS,
  DateNotEquals: negative(DATE_EQUALS),
  DateLessThan: positive(false, ordered(date, less)),
  DateLessThanEquals: positive(false, ordered(date, lessOrEqual)),
  DateGreaterThan: positive(false, ordered(date, greater)),
  DateGreaterThanEquals: positive(false, ordered(date, greaterOrEqual)),
  Bool: STRING_EQUALS_IGNORE_CASE,
  BinaryEquals: STRING_EQUALS,
  IpAddress: IP_ADDRESS,
  NotIpAddress: negative(IP_ADDRESS),
  ArnEquals: ARN_LIKE,
  ArnLike: ARN_LIKE,
  ArnNotEquals: negative(ARN_LIKE),
  ArnNotLike: negative(ARN_LIKE),
}

export function comparisonOf(operator: Exclude<BaseOperator, 'Null'>): Comparison {
  return TABLE[operator]
}
