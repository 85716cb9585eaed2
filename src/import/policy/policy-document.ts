/**
 * `data "aws_iam_policy_document"`: the JSON document the AWS provider generates from the
 * block's evaluated body, as the value of its `json` and `minified_json` attributes — a string
 * whose segments are the JSON text and whose `json` is the document's structure.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
 */
import type { ImportProblem, TfAttribute, TfBody } from '../terraform/config.ts'
import type { Loc, TfString, TfValue } from '../terraform/value.ts'
import { merge, providerDocument } from './document-merge.ts'
import { Stop, type ProviderDocument, type ProviderStatement } from './document-model.ts'
import { providerStatement, spelled } from './document-statement.ts'
import { jsonText } from './json-text.ts'
import { remember } from './locations.ts'
import { kindName, stringOf } from './values.ts'

export interface PolicyDocumentResult {
  /** The `json` attribute; `unknown` when the document cannot be known, with the first reason. */
  readonly json: TfValue
  /** The `minified_json` attribute. */
  readonly minifiedJson: TfValue
  /** What the provider itself would reject, and what it silently drops. */
  readonly problems: readonly ImportProblem[]
}

const VERSIONS = ['2008-10-17', '2012-10-17']

/**
 * Evaluates one instance of `data "aws_iam_policy_document"` from its body; `loc` is the block's.
 * Statement objects of the result remember their `statement` block (see `locations.ts`).
 */
export function evaluatePolicyDocument(body: TfBody, loc: Loc): PolicyDocumentResult {
  const problems: ImportProblem[] = []
  const document = assemble(body, loc, (problem) => problems.push(problem))
  if (document instanceof Stop) {
    if (document.problem !== undefined) problems.push(document.problem)
    return { json: document.unknown, minifiedJson: document.unknown, problems }
  }
  const structure = documentValue(document)
  const indented = jsonText(structure, 'indented')
  const minified = jsonText(structure, 'minified')
  return {
    json: asJson(indented, structure),
    minifiedJson: asJson(minified, structure),
    problems,
  }
}

/**
 * One attribute of the data source, for an evaluator that asks for `json` or `minified_json` by
 * body alone; problems travel in the `unknown` it returns. `loc` defaults to the body's first
 * attribute or block.
 */
export function policyDocumentJson(
  body: TfBody,
  loc: Loc = firstLoc(body),
  attribute: 'json' | 'minified_json' = 'json',
): TfValue {
  const result = evaluatePolicyDocument(body, loc)
  return attribute === 'json' ? result.json : result.minifiedJson
}

function firstLoc(body: TfBody): Loc {
  const [attribute] = body.attributes.values()
  return attribute?.loc ?? body.blocks[0]?.loc ?? { file: '', line: 0, column: 0 }
}

function asJson(text: ReturnType<typeof jsonText>, structure: TfValue): TfValue {
  return Array.isArray(text) ? { ...stringOf(text), json: structure } : text
}

function assemble(
  body: TfBody,
  loc: Loc,
  warn: (problem: ImportProblem) => void,
): ProviderDocument | Stop {
  let merged: ProviderDocument = { version: '', statements: [] }
  const sources = documentList(body.attributes.get('source_policy_documents'))
  if (sources instanceof Stop) return sources
  const legacySource = legacy(body.attributes.get('source_json'))
  const sids = new Set<string>()
  // Provider versions before 5 read `source_json` first and `override_json` last.
  for (const [value, at] of [...legacySource, ...sources]) {
    const source = providerDocument(value, at, warn)
    if (source instanceof Stop) return source
    for (const { sid } of source.statements) {
      if (sid === '') continue
      if (sids.has(sid)) {
        return Stop.error(
          `Sid "${sid}" appears twice in the source documents; the AWS provider rejects duplicate Sids there.`,
          at,
          'Remove the Sid or make the Sids unique.',
        )
      }
      sids.add(sid)
    }
    merged = merge(merged, source)
  }
  const own = ownDocument(body, loc)
  if (own instanceof Stop) return own
  merged = merge(merged, own)
  const overrides = documentList(body.attributes.get('override_policy_documents'))
  if (overrides instanceof Stop) return overrides
  for (const [value, at] of [...overrides, ...legacy(body.attributes.get('override_json'))]) {
    const override = providerDocument(value, at, warn)
    if (override instanceof Stop) return override
    merged = merge(merged, override)
  }
  return merged
}

function ownDocument(body: TfBody, loc: Loc): ProviderDocument | Stop {
  const versionAttribute = body.attributes.get('version')
  const version =
    versionAttribute === undefined || versionAttribute.value.kind === 'null'
      ? '2012-10-17'
      : spelled(versionAttribute.value, versionAttribute.loc, '`version`')
  if (version instanceof Stop) return version
  if (!VERSIONS.includes(version)) {
    return Stop.error(
      `Policy version "${version}" is not one IAM knows; the AWS provider accepts ${VERSIONS.join(' and ')}.`,
      versionAttribute?.loc ?? loc,
    )
  }
  const policyId = body.attributes.get('policy_id')
  let id: TfString | undefined
  if (policyId !== undefined && policyId.value.kind !== 'null') {
    if (policyId.value.kind === 'unknown') return new Stop(policyId.value)
    if (policyId.value.kind !== 'string') {
      return Stop.error(
        `\`policy_id\` must be a string, not ${kindName(policyId.value)}.`,
        policyId.loc,
      )
    }
    id = policyId.value
  }
  const statements: ProviderStatement[] = []
  for (const block of body.blocks.filter((b) => b.type === 'statement')) {
    const statement = providerStatement(block, version)
    if (statement instanceof Stop) return statement
    if (statement.sid !== '' && statements.some((s) => s.sid === statement.sid)) {
      return Stop.error(
        `Sid "${statement.sid}" is used by two statements; the AWS provider rejects duplicate Sids.`,
        block.loc,
        'Remove the Sid or make the Sids unique.',
      )
    }
    statements.push(statement)
  }
  return { version, statements, ...(id === undefined ? {} : { id }) }
}

/** `source_policy_documents` and the like: a list of JSON strings, each with where it is. */
function documentList(attribute: TfAttribute | undefined): [TfValue, Loc][] | Stop {
  if (attribute === undefined || attribute.value.kind === 'null') return []
  const { value, loc, name } = attribute
  if (value.kind === 'unknown') return new Stop(value)
  if (value.kind !== 'tuple') {
    return Stop.error(`\`${name}\` must be a list of JSON documents, not ${kindName(value)}.`, loc)
  }
  // A null entry is skipped by the provider.
  return value.items.filter((item) => item.kind !== 'null').map((item) => [item, loc])
}

function legacy(attribute: TfAttribute | undefined): [TfValue, Loc][] {
  if (attribute === undefined) return []
  const { value, loc } = attribute
  const empty = value.kind === 'null' || (value.kind === 'string' && value.segments.length === 0)
  return empty ? [] : [[value, loc]]
}

/** The document as the provider's Go struct writes it: Version, Id, Statement — each if set. */
function documentValue(document: ProviderDocument): TfValue {
  const fields = new Map<string, TfValue>()
  if (document.version !== '')
    fields.set('Version', stringOf([{ kind: 'text', text: document.version }]))
  if (document.id !== undefined && document.id.segments.length > 0) fields.set('Id', document.id)
  if (document.statements.length > 0) {
    const items = document.statements.map((statement) => {
      const value: TfValue = { kind: 'object', fields: statement.fields }
      return statement.loc === undefined ? value : remember(value, statement.loc)
    })
    fields.set('Statement', { kind: 'tuple', items })
  }
  return { kind: 'object', fields }
}
