/**
 * The condition operators IAM defines, with their `…IfExists` and `ForAnyValue:` /
 * `ForAllValues:` forms. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { suggest } from '../model/suggest.ts'

export const BASE_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const

export type BaseOperator = (typeof BASE_OPERATORS)[number]
export type SetQualifier = 'ForAnyValue' | 'ForAllValues'

export interface ConditionOperator {
  readonly base: BaseOperator
  readonly ifExists: boolean
  readonly qualifier?: SetQualifier
}

const BASES = new Set<string>(BASE_OPERATORS)

/** Parses an operator as AWS spells it; undefined for anything IAM would reject. */
export function parseOperator(text: string): ConditionOperator | undefined {
  let rest = text
  let qualifier: SetQualifier | undefined
  for (const q of ['ForAnyValue', 'ForAllValues'] as const) {
    if (qualifier === undefined && rest.startsWith(`${q}:`)) {
      qualifier = q
      rest = rest.slice(q.length + 1)
    }
  }
  const ifExists = rest.endsWith('IfExists')
  if (ifExists) rest = rest.slice(0, -'IfExists'.length)
  if (!BASES.has(rest) || (ifExists && rest === 'Null')) return undefined
  return { base: rest as BaseOperator, ifExists, ...(qualifier === undefined ? {} : { qualifier }) }
}

/** Closest valid spellings, keeping the qualifier the author wrote. */
export function suggestOperator(text: string): string[] {
  // `NullIfExists` is a contradiction (Null already tests existence): the fix is `Null`.
  const withoutIfExists = text.replace(/IfExists$/, '')
  if (withoutIfExists !== text && parseOperator(withoutIfExists) !== undefined)
    return [withoutIfExists]
  const colon = text.indexOf(':')
  const prefix = colon === -1 ? '' : text.slice(0, colon + 1)
  const body = colon === -1 ? text : text.slice(colon + 1)
  const candidates = BASE_OPERATORS.flatMap((b) => (b === 'Null' ? [b] : [b, `${b}IfExists`]))
  const qualifiers =
    prefix === ''
      ? ['']
      : suggest(prefix.slice(0, -1), ['ForAnyValue', 'ForAllValues']).map((q) => `${q}:`)
  return suggest(body, candidates).flatMap((c) => qualifiers.map((q) => `${q}${c}`))
}
