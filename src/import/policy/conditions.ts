/**
 * A statement's `Condition` block as the manifest writes it: operator → key → list of strings.
 * IAM compares condition values as strings, so `10` and `true` become `"10"` and `"true"`, and a
 * single value becomes a list of one — the same condition.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
 */
import type { DraftConditions } from '../draft.ts'
import type { Loc, TfValue } from '../terraform/value.ts'
import type { PolicyContext } from './context.ts'
import { reported, unknownProblem } from './problems.ts'
import { templateList } from './template-list.ts'
import { asString, kindName, stringOf } from './values.ts'

/** The condition block, or undefined having reported each part that cannot be written. */
export function draftConditions(
  value: TfValue,
  loc: Loc,
  cx: PolicyContext,
): DraftConditions | undefined {
  const problem = (message: string) => reported(cx, { severity: 'error', message, loc })
  if (value.kind === 'unknown') return reported(cx, unknownProblem(value, loc, 'The Condition'))
  if (value.kind !== 'object') {
    return problem(`The Condition is ${kindName(value)}; IAM takes an object of operators.`)
  }
  const out: DraftConditions = {}
  let failed = false
  for (const [operator, keys] of value.fields) {
    if (keys.kind === 'unknown') {
      cx.report(unknownProblem(keys, loc, `Condition ${operator}`))
      failed = true
      continue
    }
    if (keys.kind !== 'object') {
      problem(`Condition ${operator} is ${kindName(keys)}; IAM takes an object of condition keys.`)
      failed = true
      continue
    }
    const entries: Record<string, string[]> = {}
    for (const [key, values] of keys.fields) {
      const name = cx.template(stringOf([{ kind: 'text', text: key }]), loc)
      const list = conditionValues(values, loc, cx, `Condition ${operator} on ${key}`)
      if (name === undefined || list === undefined) failed = true
      else entries[name] = list
    }
    out[operator] = entries
  }
  return failed ? undefined : out
}

function conditionValues(
  value: TfValue,
  loc: Loc,
  cx: PolicyContext,
  what: string,
): string[] | undefined {
  return templateList(value, loc, cx, what, {
    asString,
    empty: {
      message: 'has no values; the manifest needs at least one.',
      hint: 'An empty list matches no request; remove the statement if that is what it is for.',
    },
    takes: 'condition values are strings, numbers or booleans',
  })
}
