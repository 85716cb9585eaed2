/**
 * One `statement` block of `data "aws_iam_policy_document"` as the provider writes it: `effect`
 * defaults to Allow; `actions`, `resources` and `identifiers` are sets (duplicates gone, one value
 * written as a string, several reverse-sorted); `values` keep their order; `&{…}` in resources,
 * identifiers and condition values becomes IAM's `${…}`.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document#statement
 */
import type { TfAttribute, TfBlock, TfBody } from '../terraform/config.ts'
import type { Loc, Segment, TfString, TfValue } from '../terraform/value.ts'
import {
  conditionValue,
  principalValue,
  statementOf,
  stringOrList,
  Stop,
  type ConditionEntry,
  type FieldName,
  type PrincipalEntry,
  type ProviderStatement,
} from './document-model.ts'
import { asString, keyOf, kindName, shown, stringOf } from './values.ts'

/** The provider's own check on `sid`. */
const SID = /^[a-zA-Z0-9]*$/

export function providerStatement(block: TfBlock, version: string): ProviderStatement | Stop {
  const { body, loc } = block
  const sid = optionalText(body, 'sid')
  if (sid instanceof Stop) return sid
  if (!SID.test(sid ?? '')) {
    return Stop.error(
      `The statement’s sid "${sid ?? ''}" has characters other than letters and digits; the AWS provider rejects it.`,
      body.attributes.get('sid')?.loc ?? loc,
    )
  }
  const effect = optionalText(body, 'effect') ?? 'Allow'
  if (effect instanceof Stop) return effect
  if (effect !== 'Allow' && effect !== 'Deny') {
    return Stop.error(
      `The statement’s effect "${effect}" is neither Allow nor Deny; the AWS provider rejects it.`,
      body.attributes.get('effect')?.loc ?? loc,
    )
  }
  const fields: Partial<Record<FieldName, TfValue>> = { Effect: textValue(effect) }
  if (sid !== undefined && sid !== '') fields.Sid = textValue(sid)
  const lists: [string, FieldName, boolean][] = [
    ['actions', 'Action', false],
    ['not_actions', 'NotAction', false],
    ['resources', 'Resource', true],
    ['not_resources', 'NotResource', true],
  ]
  for (const [name, json, policyVariables] of lists) {
    const values = stringSet(body.attributes.get(name))
    if (values instanceof Stop) return values
    const written = policyVariables ? withPolicyVariables(values, version, loc) : values
    if (written instanceof Stop) return written
    const value = stringOrList(written)
    if (value !== undefined) fields[json] = value
  }
  for (const [type, json] of [
    ['principals', 'Principal'],
    ['not_principals', 'NotPrincipal'],
  ] as const) {
    const entries = principalEntries(body, type, version)
    if (entries instanceof Stop) return entries
    const value = principalValue(entries)
    if (value !== undefined) fields[json] = value
  }
  const conditions = conditionEntries(body, version)
  if (conditions instanceof Stop) return conditions
  const condition = conditionValue(conditions)
  if (condition !== undefined) fields.Condition = condition
  return statementOf(sid ?? '', fields, loc)
}

function principalEntries(
  body: TfBody,
  type: 'principals' | 'not_principals',
  version: string,
): PrincipalEntry[] | Stop {
  const entries: PrincipalEntry[] = []
  const seen = new Set<string>()
  for (const block of body.blocks.filter((b) => b.type === type)) {
    const kind = requiredText(block, 'type')
    if (kind instanceof Stop) return kind
    const attribute = block.body.attributes.get('identifiers')
    if (attribute === undefined || attribute.value.kind === 'null') {
      return Stop.error(`A \`${type}\` block needs \`identifiers\`.`, block.loc)
    }
    const ids = stringSet(attribute)
    if (ids instanceof Stop) return ids
    const written = withPolicyVariables(ids, version, block.loc)
    if (written instanceof Stop) return written
    // The blocks form a set: a block repeated word for word counts once.
    const identity = JSON.stringify([kind, written.map(keyOf).sort()])
    if (seen.has(identity)) continue
    seen.add(identity)
    const [only] = written
    entries.push({
      type: kind,
      identifiers: written.length === 1 && only !== undefined ? only : written,
    })
  }
  return entries
}

function conditionEntries(body: TfBody, version: string): ConditionEntry[] | Stop {
  const entries: ConditionEntry[] = []
  const seen = new Set<string>()
  for (const block of body.blocks.filter((b) => b.type === 'condition')) {
    const test = requiredText(block, 'test')
    if (test instanceof Stop) return test
    const variable = requiredText(block, 'variable')
    if (variable instanceof Stop) return variable
    const attribute = block.body.attributes.get('values')
    if (attribute === undefined || attribute.value.kind === 'null') {
      return Stop.error('A `condition` block needs `values`.', block.loc)
    }
    const values = stringList(attribute)
    if (values instanceof Stop) return values
    const written = withPolicyVariables(values, version, block.loc)
    if (written instanceof Stop) return written
    const identity = JSON.stringify([test, variable, written.map(keyOf)])
    if (seen.has(identity)) continue
    seen.add(identity)
    const [only] = written
    entries.push({
      test,
      variable,
      values: written.length === 1 && only !== undefined ? only : written,
    })
  }
  return entries
}

/** A list attribute's strings, in order; null when absent. */
function stringList(attribute: TfAttribute | undefined): TfString[] | Stop {
  if (attribute === undefined || attribute.value.kind === 'null') return []
  const { value, loc, name } = attribute
  if (value.kind === 'unknown') return new Stop(value)
  if (value.kind !== 'tuple') {
    return Stop.error(`\`${name}\` must be a list of strings, not ${kindName(value)}.`, loc)
  }
  const out: TfString[] = []
  for (const item of value.items) {
    if (item.kind === 'unknown') return new Stop(item)
    const string = asString(item)
    if (string === undefined) {
      return Stop.error(`\`${name}\` must hold strings only; it holds ${kindName(item)}.`, loc)
    }
    out.push(string)
  }
  return out
}

/** A set attribute's strings: each value once (the first spelling of it), in written order. */
function stringSet(attribute: TfAttribute | undefined): TfString[] | Stop {
  const list = stringList(attribute)
  if (list instanceof Stop) return list
  const seen = new Set<string>()
  return list.filter((value) => {
    const key = keyOf(value)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/**
 * Terraform would read `${aws:username}` as its own interpolation, so the provider has policy
 * variables written `&{aws:username}` and turns them back; version 2008-10-17 has none.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
function withPolicyVariables(
  values: readonly TfString[],
  version: string,
  loc: Loc,
): TfString[] | Stop {
  const out: TfString[] = []
  for (const value of values) {
    const written = keyOf(value).includes('&{')
    if (written && version === '2008-10-17') {
      return Stop.error(
        `"${shown(value)}" uses \`&{…}\`, which policy version 2008-10-17 does not support; the AWS provider rejects it.`,
        loc,
      )
    }
    out.push(written ? stringOf(value.segments.map(replaceAmpersand)) : value)
  }
  return out
}

function replaceAmpersand(segment: Segment): Segment {
  if (segment.kind !== 'text' && segment.kind !== 'var') return segment
  const text = segment.text.replaceAll('&{', '${')
  return text === segment.text ? segment : { kind: 'text', text }
}

function optionalText(body: TfBody, name: string): string | undefined | Stop {
  const attribute = body.attributes.get(name)
  if (attribute === undefined || attribute.value.kind === 'null') return undefined
  return spelled(attribute.value, attribute.loc, `\`${name}\``)
}

function requiredText(block: TfBlock, name: string): string | Stop {
  const text = optionalText(block.body, name)
  return text ?? Stop.error(`A \`${block.type}\` block needs \`${name}\`.`, block.loc)
}

/**
 * A string that must be written out in the document's structure (a Sid, a principal type, a
 * condition key): a variable's text will do; a value known only after apply will not.
 */
export function spelled(value: TfValue, loc: Loc, what: string): string | Stop {
  if (value.kind === 'unknown') return new Stop(value)
  const string = asString(value)
  if (string === undefined) {
    return Stop.error(`${what} must be a string, not ${kindName(value)}.`, loc)
  }
  const opaque = string.segments.some((s) => s.kind === 'builtin' || s.kind === 'attr')
  if (!opaque) return keyOf(string)
  return new Stop({
    kind: 'unknown',
    reason: `${what} "${shown(string)}" depends on a value keyward cannot spell out here`,
    loc,
  })
}

function textValue(text: string): TfString {
  return stringOf([{ kind: 'text', text }])
}
