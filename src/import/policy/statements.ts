/**
 * An identity policy (a user's, group's or role's inline policy, or a managed policy) as the
 * manifest's `allow` and `deny` statements, each list in the order the document has them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import type { DraftStatement } from '../draft.ts'
import { concreteText, type Loc, type TfValue } from '../terraform/value.ts'
import { draftConditions } from './conditions.ts'
import type { PolicyContext } from './context.ts'
import type { JsonObject } from './decode.ts'
import { reported, unknownProblem } from './problems.ts'
import { statementList } from './statement-list.ts'
import { templateList } from './template-list.ts'
import { kindName } from './values.ts'

export interface DraftStatements {
  readonly allow: DraftStatement[]
  readonly deny: DraftStatement[]
}

/**
 * The manifest's statement id pattern (src/manifest/spec/patterns.ts, a sibling layer), which
 * is stricter than IAM's: the manifest checks it before any `${…}` is filled in.
 */
export const MANIFEST_SID = /^[A-Za-z0-9]+$/

const STATEMENT_KEYS = [
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
] as const

/**
 * The statements of an identity policy document (see `decodePolicy`); `loc` is the attribute
 * the document came from. Undefined when any statement cannot be written exactly — having
 * reported each — since a policy with a statement left out would grant something else.
 */
export function toStatements(
  document: JsonObject,
  loc: Loc,
  cx: PolicyContext,
): DraftStatements | undefined {
  const listed = statementList(document, loc, cx, 'The policy')
  if (listed === undefined) return undefined
  const out: DraftStatements = { allow: [], deny: [] }
  let failed = false
  for (const [index, { statement, loc: at }] of listed.entries()) {
    const read = draftStatement(statement, at, cx, `Statement ${index + 1}`)
    if (read === undefined) failed = true
    else out[read.effect === 'Allow' ? 'allow' : 'deny'].push(read.statement)
  }
  return failed ? undefined : out
}

function draftStatement(
  statement: JsonObject,
  loc: Loc,
  cx: PolicyContext,
  what: string,
): { effect: 'Allow' | 'Deny'; statement: DraftStatement } | undefined {
  const error = (message: string, hint?: string) =>
    reported(cx, { severity: 'error', message, loc, ...(hint === undefined ? {} : { hint }) })
  const fields = statement.fields
  const sid = sidOf(fields.get('Sid'), loc, cx, what)
  const named = sid === undefined ? what : `${what} (${sid})`
  let failed = false
  for (const key of fields.keys()) {
    if (key === 'Principal' || key === 'NotPrincipal') {
      error(
        `${named} names a ${key}; an identity policy applies to whoever holds it, so IAM rejects a principal here.`,
        'A principal belongs in a role’s trust (`assume_role_policy`) or a resource policy, not in this policy.',
      )
      failed = true
    } else if (!(STATEMENT_KEYS as readonly string[]).includes(key)) {
      error(`${named} has "${key}", which is not a statement element IAM knows.`)
      failed = true
    }
  }
  const effect = fields.get('Effect')
  const effectText = effect === undefined ? undefined : concreteText(effect)
  if (effectText !== 'Allow' && effectText !== 'Deny') {
    if (effect?.kind === 'unknown') cx.report(unknownProblem(effect, loc, `${named}’s Effect`))
    else
      error(
        effect === undefined
          ? `${named} has no Effect.`
          : `${named}’s Effect is not "Allow" or "Deny" written out.`,
      )
    return undefined
  }
  const out: DraftStatement = sid === undefined ? {} : { sid }
  const pairs = [
    ['Action', 'NotAction', 'actions', 'notActions'],
    ['Resource', 'NotResource', 'resources', 'notResources'],
  ] as const
  for (const [key, notKey, field, notField] of pairs) {
    const [value, notValue] = [fields.get(key), fields.get(notKey)]
    if ((value === undefined) === (notValue === undefined)) {
      error(
        value === undefined
          ? `${named} has neither ${key} nor ${notKey}; the manifest needs one.`
          : `${named} has both ${key} and ${notKey}; IAM takes one or the other.`,
      )
      failed = true
      continue
    }
    const list =
      value === undefined
        ? strings(notValue, loc, cx, `${named}’s ${notKey}`)
        : strings(value, loc, cx, `${named}’s ${key}`)
    if (list === undefined) failed = true
    else out[value === undefined ? notField : field] = list
  }
  const condition = fields.get('Condition')
  if (condition !== undefined) {
    const conditions = draftConditions(condition, loc, cx)
    if (conditions === undefined) failed = true
    else out.conditions = conditions
  }
  return failed ? undefined : { effect: effectText, statement: out }
}

/** A Sid the manifest cannot hold is left out: it names the statement but changes nothing. */
function sidOf(
  value: TfValue | undefined,
  loc: Loc,
  cx: PolicyContext,
  what: string,
): string | undefined {
  if (value === undefined || value.kind === 'null') return undefined
  const text = concreteText(value)
  if (text === '') return undefined
  if (text !== undefined && MANIFEST_SID.test(text)) return text
  cx.report({
    severity: 'warning',
    message: `${what}’s Sid ${text === undefined ? `(${kindName(value)}, not text known now)` : `"${text}"`} is left out: the manifest takes statement ids of letters and digits only. It does not change what the statement allows.`,
    loc,
  })
  return undefined
}

/** An Action or Resource element: one string or a list of them, as manifest templates. */
function strings(
  value: TfValue | undefined,
  loc: Loc,
  cx: PolicyContext,
  what: string,
): string[] | undefined {
  if (value === undefined) return undefined
  return templateList(value, loc, cx, what, {
    asString: (item) => (item.kind === 'string' ? item : undefined),
    empty: { message: 'is an empty list; the manifest needs at least one entry.' },
    takes: 'IAM takes strings here',
  })
}
