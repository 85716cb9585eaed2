/**
 * `source_policy_documents` and `override_policy_documents` as the AWS provider reads and merges
 * them. It decodes each JSON document into its Go model — field names matched regardless of
 * case, unknown fields dropped, principal and condition values normalised — and merges statement
 * by statement: a statement with a Sid replaces the earlier one with that Sid, any other is
 * appended.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document#example-of-merging-source-documents
 */
import type { ImportProblem } from '../terraform/config.ts'
import type { Loc, TfString, TfValue } from '../terraform/value.ts'
import { decodeDocument } from './decode.ts'
import {
  conditionValue,
  FIELD_ORDER,
  principalValue,
  statementOf,
  Stop,
  type ConditionEntry,
  type FieldName,
  type Identifiers,
  type PrincipalEntry,
  type ProviderDocument,
  type ProviderStatement,
} from './document-model.ts'
import { spelled } from './document-statement.ts'
import { writtenAt } from './locations.ts'
import { firstUnknown, keyOf, kindName } from './values.ts'

type JsonObject = Extract<TfValue, { kind: 'object' }>

/** `newer` merged into `base`: its Id and a later Version win; statements replace by Sid. */
export function merge(base: ProviderDocument, newer: ProviderDocument): ProviderDocument {
  const statements = [...base.statements]
  for (const statement of newer.statements) {
    const at = statement.sid === '' ? -1 : statements.findIndex((s) => s.sid === statement.sid)
    if (at === -1) statements.push(statement)
    else statements[at] = statement
  }
  const id = newer.id !== undefined && newer.id.segments.length > 0 ? newer.id : base.id
  return {
    version: newer.version > base.version ? newer.version : base.version,
    statements,
    ...(id === undefined ? {} : { id }),
  }
}

/**
 * One entry of `source_policy_documents` / `override_policy_documents`, read as the provider
 * reads it. `warn` hears of fields the provider drops without a word.
 */
export function providerDocument(
  value: TfValue,
  loc: Loc,
  warn: (problem: ImportProblem) => void,
): ProviderDocument | Stop {
  const decoded = decodeDocument(value, loc)
  if (!decoded.ok) {
    const { problem } = decoded
    return new Stop({ kind: 'unknown', reason: problem.message, loc }, problem)
  }
  const unknown = firstUnknown(decoded.document)
  if (unknown !== undefined) return new Stop(unknown)
  const fields = goFields(decoded.document, ['Version', 'Id', 'Statement'])
  const version = optionalString(fields.get('Version'), loc, 'Version')
  if (version instanceof Stop) return version
  const id = fields.get('Id')
  if (id !== undefined && id.kind !== 'string' && id.kind !== 'null') {
    return notAString('Id', id, loc)
  }
  const list = fields.get('Statement')
  if (list !== undefined && list.kind !== 'tuple' && list.kind !== 'null') {
    return Stop.error(
      `The document’s Statement is ${kindName(list)}; the AWS provider reads only a list of statements here and rejects it.`,
      loc,
      'Write `"Statement": [ … ]`, even for one statement.',
    )
  }
  const statements: ProviderStatement[] = []
  for (const item of list?.kind === 'tuple' ? list.items : []) {
    if (item.kind !== 'object') {
      return Stop.error(`A statement is ${kindName(item)}; the AWS provider fails on it.`, loc)
    }
    const statement = goStatement(item, writtenAt(item) ?? loc, warn)
    if (statement instanceof Stop) return statement
    statements.push(statement)
  }
  return {
    version: version ?? '',
    statements,
    ...(id?.kind === 'string' ? { id } : {}),
  }
}

function goStatement(
  item: JsonObject,
  loc: Loc,
  warn: (problem: ImportProblem) => void,
): ProviderStatement | Stop {
  const fields = goFields(item, FIELD_ORDER)
  for (const key of item.fields.keys()) {
    if (!FIELD_ORDER.some((k) => k.toLowerCase() === key.toLowerCase())) {
      warn({
        severity: 'warning',
        message: `The statement’s field "${key}" is dropped: the AWS provider ignores fields it does not know when it merges a document.`,
        loc,
      })
    }
  }
  const sid = optionalString(fields.get('Sid'), loc, 'Sid')
  if (sid instanceof Stop) return sid
  const effect = fields.get('Effect')
  if (effect !== undefined && effect.kind !== 'string' && effect.kind !== 'null') {
    return notAString('Effect', effect, loc)
  }
  const out: Partial<Record<FieldName, TfValue>> = {}
  const sidValue = fields.get('Sid')
  if (sid !== undefined && sid !== '' && sidValue !== undefined) out.Sid = sidValue
  if (effect?.kind === 'string' && effect.segments.length > 0) out.Effect = effect
  // The provider keeps these four as it found them, string or list alike.
  for (const name of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
    const value = fields.get(name)
    if (value !== undefined && value.kind !== 'null') out[name] = value
  }
  for (const name of ['Principal', 'NotPrincipal'] as const) {
    const entries = goPrincipals(fields.get(name), loc, name)
    if (entries instanceof Stop) return entries
    const value = principalValue(entries)
    if (value !== undefined) out[name] = value
  }
  const conditions = goConditions(fields.get('Condition'), loc, warn)
  if (conditions instanceof Stop) return conditions
  const condition = conditionValue(conditions)
  if (condition !== undefined) out.Condition = condition
  return statementOf(sid ?? '', out, writtenAt(item))
}

/** A string principal, whatever it says, is read as `*`; list identifiers come back sorted. */
function goPrincipals(value: TfValue | undefined, loc: Loc, name: string): PrincipalEntry[] | Stop {
  if (value === undefined || value.kind === 'null') return []
  if (value.kind === 'string') {
    return [
      { type: '*', identifiers: [{ kind: 'string', segments: [{ kind: 'text', text: '*' }] }] },
    ]
  }
  if (value.kind !== 'object') {
    return Stop.error(`${name} is ${kindName(value)}; the AWS provider rejects it.`, loc)
  }
  const entries: PrincipalEntry[] = []
  for (const [type, ids] of value.fields) {
    const identifiers = identifiersOf(ids)
    if (identifiers === undefined) {
      return Stop.error(
        `${name}.${type} must be a string or a list of strings; the AWS provider rejects ${kindName(ids)}.`,
        loc,
      )
    }
    entries.push({
      type,
      identifiers:
        'kind' in identifiers ? identifiers : [...identifiers].sort((a, b) => compare(a, b)),
    })
  }
  return entries
}

/**
 * Booleans become strings; a number, null or object as a value is dropped by the provider
 * without a word, which changes what the statement allows — so that is said.
 */
function goConditions(
  value: TfValue | undefined,
  loc: Loc,
  warn: (problem: ImportProblem) => void,
): ConditionEntry[] | Stop {
  if (value === undefined || value.kind === 'null') return []
  if (value.kind !== 'object') {
    return Stop.error(`Condition is ${kindName(value)}; the AWS provider rejects it.`, loc)
  }
  const entries: ConditionEntry[] = []
  for (const [test, variables] of value.fields) {
    if (variables.kind === 'null') continue
    if (variables.kind !== 'object') {
      return Stop.error(
        `Condition.${test} is ${kindName(variables)}, not an object of condition keys; the AWS provider rejects it.`,
        loc,
      )
    }
    for (const [variable, values] of variables.fields) {
      if (values.kind === 'bool') {
        const text: TfString = {
          kind: 'string',
          segments: [{ kind: 'text', text: String(values.value) }],
        }
        entries.push({ test, variable, values: text })
        continue
      }
      const identifiers = identifiersOf(values)
      if (identifiers !== undefined) {
        entries.push({
          test,
          variable,
          values: 'kind' in identifiers ? [identifiers] : identifiers,
        })
        continue
      }
      if (values.kind === 'tuple') {
        return Stop.error(
          `Condition.${test}.${variable} holds a value that is not a string; the AWS provider fails on it.`,
          loc,
          'Quote every condition value in a merged document, e.g. `["10"]`.',
        )
      }
      warn({
        severity: 'warning',
        message: `Condition ${test} on ${variable} is dropped: its value is ${kindName(values)}, which the AWS provider leaves out when it merges a document — so the policy in AWS does not have it either.`,
        loc,
        hint: 'Quote the value (e.g. `"10"`) if the condition is meant to apply.',
      })
    }
  }
  return entries
}

function identifiersOf(value: TfValue): Identifiers | undefined {
  if (value.kind === 'string') return value
  if (value.kind !== 'tuple') return undefined
  const strings = value.items.filter((item): item is TfString => item.kind === 'string')
  return strings.length === value.items.length ? strings : undefined
}

function compare(a: TfString, b: TfString): number {
  const [ka, kb] = [keyOf(a), keyOf(b)]
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

/**
 * Go matches JSON keys to struct fields exactly, else regardless of case; the last key that
 * matches a field wins.
 */
function goFields(object: JsonObject, names: readonly string[]): Map<string, TfValue> {
  const out = new Map<string, TfValue>()
  for (const [key, value] of object.fields) {
    const name =
      names.find((n) => n === key) ?? names.find((n) => n.toLowerCase() === key.toLowerCase())
    if (name !== undefined) out.set(name, value)
  }
  return out
}

function optionalString(
  value: TfValue | undefined,
  loc: Loc,
  name: string,
): string | undefined | Stop {
  if (value === undefined || value.kind === 'null') return undefined
  if (value.kind !== 'string') return notAString(name, value, loc)
  return spelled(value, loc, name)
}

function notAString(name: string, value: TfValue, loc: Loc): Stop {
  return Stop.error(
    `The document’s ${name} is ${kindName(value)}, not a string; the AWS provider rejects it.`,
    loc,
  )
}
