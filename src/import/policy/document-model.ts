/**
 * The AWS provider's model of a policy document while `aws_iam_policy_document` assembles it,
 * and how the provider writes its parts as JSON: one value stays a string, several become a
 * list sorted in reverse; principals and conditions are Go maps, so their keys come out sorted.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
 */
import type { ImportProblem } from '../terraform/config.ts'
import type { Loc, TfString, TfUnknown, TfValue } from '../terraform/value.ts'
import { keyOf } from './values.ts'

/** A statement as the provider holds it: its Sid, and its JSON fields in the order it writes them. */
export interface ProviderStatement {
  readonly sid: string
  readonly fields: ReadonlyMap<string, TfValue>
  /** The `statement` block it was written in, when it was. */
  readonly loc?: Loc
}

export interface ProviderDocument {
  readonly version: string
  readonly id?: TfString
  readonly statements: readonly ProviderStatement[]
}

/**
 * Why the document cannot be known: a value Terraform cannot evaluate, or an error the provider
 * itself would stop at (then with the problem to report).
 */
export class Stop {
  readonly unknown: TfUnknown
  readonly problem: ImportProblem | undefined
  constructor(unknown: TfUnknown, problem?: ImportProblem) {
    this.unknown = unknown
    this.problem = problem
  }

  /** The provider rejects the configuration; Terraform would fail at plan. */
  static error(message: string, loc: Loc, hint?: string): Stop {
    const problem: ImportProblem = {
      severity: 'error',
      message,
      loc,
      ...(hint === undefined ? {} : { hint }),
    }
    return new Stop({ kind: 'unknown', reason: message, loc }, problem)
  }
}

/** The provider's statement fields, in the order its Go struct declares (and writes) them. */
export const FIELD_ORDER = [
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
] as const

export type FieldName = (typeof FIELD_ORDER)[number]

export function statementOf(
  sid: string,
  fields: Partial<Record<FieldName, TfValue>>,
  loc?: Loc,
): ProviderStatement {
  const ordered = new Map<string, TfValue>()
  for (const name of FIELD_ORDER) {
    const value = fields[name]
    if (value !== undefined) ordered.set(name, value)
  }
  return { sid, fields: ordered, ...(loc === undefined ? {} : { loc }) }
}

/** Sorting as Go's `slices.Sort` then `slices.Reverse` leave a list. */
function reverseSorted(values: readonly TfString[]): TfString[] {
  return [...values].sort((a, b) => {
    const [ka, kb] = [keyOf(a), keyOf(b)]
    return ka < kb ? 1 : ka > kb ? -1 : 0
  })
}

/** One value is written as a string, several as a list in reverse order; none is left out. */
export function stringOrList(values: readonly TfString[]): TfValue | undefined {
  if (values.length === 0) return undefined
  const [only] = values
  if (values.length === 1 && only !== undefined) return only
  return { kind: 'tuple', items: reverseSorted(values) }
}

/** Identifiers of one principal entry, as the provider holds them: a single string, or a list. */
export type Identifiers = TfString | readonly TfString[]

export interface PrincipalEntry {
  readonly type: string
  readonly identifiers: Identifiers
}

/**
 * `{"AWS": …, "Service": …}`; or `"*"` for one entry of type `*` naming only `*`. Entries of one
 * type are concatenated, each list reverse-sorted first.
 */
export function principalValue(entries: readonly PrincipalEntry[]): TfValue | undefined {
  if (entries.length === 0) return undefined
  const [first] = entries
  if (entries.length === 1 && first?.type === '*') {
    const ids = first.identifiers
    const single = 'kind' in ids ? ids : ids.length === 1 ? ids[0] : undefined
    if (single !== undefined && keyOf(single) === '*') return single
  }
  const byType = new Map<string, Identifiers>()
  for (const { type, identifiers } of entries) {
    const held = byType.get(type)
    const added = 'kind' in identifiers ? identifiers : reverseSorted(identifiers)
    if (held === undefined) byType.set(type, added)
    else byType.set(type, [...listOf(held), ...listOf(added)])
  }
  return sortedObject(
    [...byType].map(([type, ids]) => [type, 'kind' in ids ? ids : { kind: 'tuple', items: ids }]),
  )
}

export interface ConditionEntry {
  readonly test: string
  readonly variable: string
  readonly values: Identifiers
}

/** `{test: {variable: values}}`; values of one test and variable are concatenated, in order. */
export function conditionValue(entries: readonly ConditionEntry[]): TfValue | undefined {
  if (entries.length === 0) return undefined
  const tests = new Map<string, Map<string, TfString[]>>()
  for (const { test, variable, values } of entries) {
    const variables = tests.get(test) ?? new Map<string, TfString[]>()
    tests.set(test, variables)
    variables.set(variable, [...(variables.get(variable) ?? []), ...listOf(values)])
  }
  return sortedObject(
    [...tests].map(([test, variables]) => [
      test,
      sortedObject(
        [...variables].map(([variable, values]) => {
          const [only] = values
          const value: TfValue =
            values.length === 1 && only !== undefined ? only : { kind: 'tuple', items: values }
          return [variable, value]
        }),
      ),
    ]),
  )
}

function listOf(identifiers: Identifiers): readonly TfString[] {
  return 'kind' in identifiers ? [identifiers] : identifiers
}

/** Go writes a map's keys in byte order. */
function sortedObject(entries: readonly (readonly [string, TfValue])[]): TfValue {
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return { kind: 'object', fields: new Map(sorted) }
}
