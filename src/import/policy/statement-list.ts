/**
 * The top level of a policy document — `Version`, `Id`, `Statement` — read for the manifest,
 * which always writes version 2012-10-17 and has no place for an `Id`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */
import type { Loc, TfValue } from '../terraform/value.ts'
import type { PolicyContext } from './context.ts'
import type { JsonObject } from './decode.ts'
import { writtenAt } from './locations.ts'
import { reported, unknownProblem } from './problems.ts'
import { keyOf, kindName } from './values.ts'

export interface ListedStatement {
  readonly statement: JsonObject
  /** The `statement` block it was written in, else the policy attribute. */
  readonly loc: Loc
}

const CURRENT = '2012-10-17'
const LEGACY = '2008-10-17'

/**
 * The document's statements, in order; undefined having reported why the document cannot be
 * written as the manifest writes policies. `what` names the policy in messages.
 */
export function statementList(
  document: JsonObject,
  loc: Loc,
  cx: PolicyContext,
  what: string,
): ListedStatement[] | undefined {
  const error = (message: string, hint?: string) =>
    reported(cx, { severity: 'error', message, loc, ...(hint === undefined ? {} : { hint }) })
  let failed = false
  for (const key of document.fields.keys()) {
    if (!['Version', 'Id', 'Statement'].includes(key)) {
      error(`${what} has a top-level "${key}"; IAM knows only Version, Id and Statement.`)
      failed = true
    }
  }
  const version = document.fields.get('Version')
  if (!versionOk(version, document, loc, cx, what)) failed = true
  if (document.fields.has('Id')) {
    cx.report({
      severity: 'warning',
      message: `${what}’s Id is left out: the manifest has no place for it, and it does not change what the policy allows.`,
      loc,
    })
  }
  const statement = document.fields.get('Statement')
  if (statement === undefined || statement.kind === 'null') {
    error(`${what} has no Statement.`)
    return undefined
  }
  if (statement.kind === 'unknown') {
    cx.report(unknownProblem(statement, loc, `${what}’s Statement`))
    return undefined
  }
  const items = statement.kind === 'tuple' ? statement.items : [statement]
  const out: ListedStatement[] = []
  for (const [index, item] of items.entries()) {
    if (item.kind === 'unknown') {
      cx.report(unknownProblem(item, loc, `Statement ${index + 1} of ${what}`))
      failed = true
    } else if (item.kind !== 'object') {
      error(`Statement ${index + 1} of ${what} is ${kindName(item)}, not a statement object.`)
      failed = true
    } else out.push({ statement: item, loc: writtenAt(item) ?? loc })
  }
  return failed ? undefined : out
}

/**
 * The manifest writes 2012-10-17. That changes nothing unless the document relies on the older
 * version — the default when `Version` is missing — reading `${…}` literally rather than as a
 * policy variable.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
 */
function versionOk(
  version: TfValue | undefined,
  document: JsonObject,
  loc: Loc,
  cx: PolicyContext,
  what: string,
): boolean {
  if (version?.kind === 'unknown') {
    cx.report(unknownProblem(version, loc, `${what}’s Version`))
    return false
  }
  const text = version?.kind === 'string' ? keyOf(version) : undefined
  if (text === CURRENT) return true
  if (version !== undefined && text !== LEGACY) {
    cx.report({
      severity: 'error',
      message: `${what}’s Version is ${text === undefined ? kindName(version) : `"${text}"`}; IAM knows only ${CURRENT} and ${LEGACY}.`,
      loc,
    })
    return false
  }
  if (!mentionsPolicyVariable(document.fields.get('Statement'))) return true
  cx.report({
    severity: 'error',
    message: `${what} is version ${LEGACY}${version === undefined ? ' (no Version given)' : ''}, in which \`\${…}\` is literal text; the manifest writes ${CURRENT}, where it is a policy variable, so the policy would mean something else.`,
    loc,
    hint: `Set "Version": "${CURRENT}" if the \`\${…}\` are meant as policy variables, then import again.`,
  })
  return false
}

function mentionsPolicyVariable(value: TfValue | undefined): boolean {
  if (value === undefined) return false
  switch (value.kind) {
    case 'string':
      return keyOf(value).includes('${')
    case 'tuple':
      return value.items.some(mentionsPolicyVariable)
    case 'object':
      return (
        [...value.fields.keys()].some((key) => key.includes('${')) ||
        [...value.fields.values()].some(mentionsPolicyVariable)
      )
    default:
      return false
  }
}
