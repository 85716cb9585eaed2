/**
 * A policy element that is one value or a list of them (Action, Resource, a condition's values)
 * as manifest templates. Every item is checked, so one reading reports all that is wrong with it.
 */
import type { Loc, TfString, TfValue } from '../terraform/value.ts'
import type { PolicyContext } from './context.ts'
import { reported, unknownProblem } from './problems.ts'
import { kindName } from './values.ts'

export interface ListRules {
  /** The item as a string, or undefined when its kind is not taken here. */
  readonly asString: (item: TfValue) => TfString | undefined
  /** Said of an empty list, after what it is. */
  readonly empty: { readonly message: string; readonly hint?: string }
  /** What the element takes, said of an item of another kind: `IAM takes strings here`. */
  readonly takes: string
}

export function templateList(
  value: TfValue,
  loc: Loc,
  cx: PolicyContext,
  what: string,
  rules: ListRules,
): string[] | undefined {
  if (value.kind === 'unknown') return reported(cx, unknownProblem(value, loc, what))
  const items = value.kind === 'tuple' ? value.items : [value]
  if (items.length === 0) {
    cx.report({
      severity: 'error',
      message: `${what} ${rules.empty.message}`,
      loc,
      ...(rules.empty.hint === undefined ? {} : { hint: rules.empty.hint }),
    })
    return undefined
  }
  const out: string[] = []
  let failed = false
  for (const item of items) {
    if (item.kind === 'unknown') {
      cx.report(unknownProblem(item, loc, what))
      failed = true
      continue
    }
    const string = rules.asString(item)
    if (string === undefined) {
      cx.report({
        severity: 'error',
        message: `${what} holds ${kindName(item)}; ${rules.takes}.`,
        loc,
      })
      failed = true
      continue
    }
    const converted = cx.template(string, loc)
    if (converted === undefined) failed = true
    else out.push(converted)
  }
  return failed ? undefined : out
}
