/**
 * One statement of a role's trust policy, taken apart into who (`Principal`), what (`Action`)
 * and when (`Condition`) — or reported, when it has a shape keyward's `trust` never writes.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
import type { Loc, TfString, TfValue } from '../terraform/value.ts'
import { concreteText } from '../terraform/value.ts'
import type { PolicyContext } from './context.ts'
import type { JsonObject } from './decode.ts'
import { reported, unknownProblem } from './problems.ts'
import { kindName } from './values.ts'

export interface TrustStatement {
  readonly what: string
  readonly loc: Loc
  readonly aws: readonly TfString[]
  readonly services: readonly TfString[]
  readonly federated: readonly TfString[]
  /** As written; IAM compares action names regardless of case. */
  readonly actions: readonly string[]
  readonly condition?: TfValue
}

const WHY: Readonly<Record<string, string>> = {
  NotPrincipal:
    'NotPrincipal trusts everyone but the principals it names; keyward’s trust names who may assume the role',
  NotAction:
    'NotAction allows every action but those it names; keyward’s trust allows exactly the assume-role action each principal needs',
  Resource: 'a trust policy applies to the role itself, so IAM rejects a Resource in it',
  NotResource: 'a trust policy applies to the role itself, so IAM rejects a NotResource in it',
}

/** The statement's parts; undefined having reported what keyward's trust cannot write. */
export function trustStatement(
  statement: JsonObject,
  loc: Loc,
  cx: PolicyContext,
  what: string,
): TrustStatement | undefined {
  const error = (message: string, hint?: string) =>
    reported(cx, { severity: 'error', message, loc, ...(hint === undefined ? {} : { hint }) })
  let failed = false
  for (const key of statement.fields.keys()) {
    if (['Sid', 'Effect', 'Principal', 'Action', 'Condition'].includes(key)) continue
    const why = WHY[key] ?? 'it is not a statement element IAM knows'
    error(`${what} has ${key}, which keyward’s trust cannot write: ${why}.`)
    failed = true
  }
  const effect = statement.fields.get('Effect')
  const effectText = effect === undefined ? undefined : concreteText(effect)
  if (effectText === 'Deny') {
    error(
      `${what} denies; keyward’s trust only names who may assume the role, and leaving the Deny out would let in principals it keeps out now.`,
      'Narrow the allowing statements instead (fewer principals, or `conditions`), then import again — or write this role’s trust by hand.',
    )
    failed = true
  } else if (effectText !== 'Allow') {
    if (effect?.kind === 'unknown') cx.report(unknownProblem(effect, loc, `${what}’s Effect`))
    else error(effect === undefined ? `${what} has no Effect.` : `${what}’s Effect is not "Allow".`)
    failed = true
  }
  const principals = principalsOf(statement.fields.get('Principal'), loc, cx, what)
  const actions = actionsOf(statement.fields.get('Action'), loc, cx, what)
  if (failed || principals === undefined || actions === undefined) return undefined
  const condition = statement.fields.get('Condition')
  return {
    what,
    loc,
    ...principals,
    actions,
    ...(condition === undefined || condition.kind === 'null' ? {} : { condition }),
  }
}

function principalsOf(
  value: TfValue | undefined,
  loc: Loc,
  cx: PolicyContext,
  what: string,
): Pick<TrustStatement, 'aws' | 'services' | 'federated'> | undefined {
  const error = (message: string, hint?: string) =>
    reported(cx, { severity: 'error', message, loc, ...(hint === undefined ? {} : { hint }) })
  if (value === undefined || value.kind === 'null') {
    error(`${what} has no Principal; a trust statement names who may assume the role.`)
    return undefined
  }
  if (value.kind === 'unknown')
    return reported(cx, unknownProblem(value, loc, `${what}’s Principal`))
  if (value.kind === 'string') {
    error(
      `${what} trusts Principal "*": anyone. IAM refuses that form in a role’s trust, and keyward’s trust does not write it.`,
      'Name the accounts or roles instead, or write `{"AWS": "*"}` with a condition such as `aws:PrincipalOrgID`.',
    )
    return undefined
  }
  if (value.kind !== 'object') {
    error(`${what}’s Principal is ${kindName(value)}; IAM takes an object such as {"AWS": …}.`)
    return undefined
  }
  const out = { aws: [] as TfString[], services: [] as TfString[], federated: [] as TfString[] }
  const lists = { AWS: out.aws, Service: out.services, Federated: out.federated } as const
  let failed = false
  for (const [type, ids] of value.fields) {
    const list = type in lists ? lists[type as keyof typeof lists] : undefined
    if (list === undefined) {
      error(
        `${what} trusts a ${type} principal; keyward’s trust names AWS principals, services and one OIDC issuer.`,
      )
      failed = true
      continue
    }
    const strings = stringsOf(ids, loc, cx, `${what}’s ${type} principal`)
    if (strings === undefined) failed = true
    else list.push(...strings)
  }
  return failed ? undefined : out
}

function actionsOf(
  value: TfValue | undefined,
  loc: Loc,
  cx: PolicyContext,
  what: string,
): string[] | undefined {
  if (value === undefined || value.kind === 'null') {
    cx.report({ severity: 'error', message: `${what} has no Action.`, loc })
    return undefined
  }
  const strings = stringsOf(value, loc, cx, `${what}’s Action`)
  if (strings === undefined) return undefined
  const out: string[] = []
  for (const string of strings) {
    const text = concreteText(string)
    if (text === undefined) {
      cx.report({
        severity: 'error',
        message: `${what}’s Action is not known before apply; keyward’s trust writes the actions itself and must see them.`,
        loc,
      })
      return undefined
    }
    out.push(text)
  }
  return out
}

/** A string or a list of strings. */
export function stringsOf(
  value: TfValue,
  loc: Loc,
  cx: PolicyContext,
  what: string,
): TfString[] | undefined {
  if (value.kind === 'unknown') return reported(cx, unknownProblem(value, loc, what))
  const items = value.kind === 'tuple' ? value.items : [value]
  const out: TfString[] = []
  for (const item of items) {
    if (item.kind === 'unknown') return reported(cx, unknownProblem(item, loc, what))
    if (item.kind !== 'string') {
      cx.report({
        severity: 'error',
        message: `${what} holds ${kindName(item)}, not a string.`,
        loc,
      })
      return undefined
    }
    out.push(item)
  }
  return out
}
