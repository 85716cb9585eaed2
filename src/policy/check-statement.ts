/**
 * Static checks of one IAM statement against the catalog: actions that do not exist, resources
 * that no action of the statement can apply to (`s3:ListBucket` on an object ARN), and unknown
 * condition operators. IAM accepts many of these silently and the grant then does nothing — or
 * not what was meant — which is exactly what a reviewer misses.
 */
import type { DiagnosticCode } from '../model/diagnostic-codes.ts'
import type { PolicyStatement } from '../model/policy-document.ts'
import { partitionProblem } from '../model/arn.ts'
import { phraseSuggestions } from '../model/suggest.ts'
import { lookupAction } from './actions.ts'
import { resourceMatchesFormat } from './arn-match.ts'
import type { ActionInfo, Catalog } from './catalog.ts'
import { checkConditionKey } from './condition-keys.ts'
import { parseOperator, suggestOperator } from './condition-operators.ts'
import { hasWildcard } from './glob.ts'

export type StatementField = 'Action' | 'NotAction' | 'Resource' | 'NotResource'

export type StatementFinding =
  | {
      readonly at: 'item'
      readonly field: StatementField
      readonly index: number
      readonly code: DiagnosticCode
      readonly message: string
      readonly hint?: string
    }
  | {
      readonly at: 'operator'
      readonly operator: string
      readonly code: DiagnosticCode
      readonly message: string
      readonly hint?: string
    }
  | {
      readonly at: 'condition-key'
      readonly operator: string
      readonly key: string
      readonly code: DiagnosticCode
      readonly message: string
      readonly hint?: string
    }

const ARN_SHAPE = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:.+$/

export const PARTITION_HINT =
  'Write `arn:${partition}:` so each environment gets its own partition.'

export interface CheckOptions {
  /** The environment's partition; ARNs written for another one are flagged. */
  readonly partition?: string
}

export function checkStatement(
  catalog: Catalog,
  statement: PolicyStatement,
  options: CheckOptions = {},
): StatementFinding[] {
  const findings: StatementFinding[] = []
  const actionField = statement.Action === undefined ? 'NotAction' : 'Action'
  const written = statement.Action ?? statement.NotAction ?? []
  const expanded: { index: number; wildcard: boolean; actions: readonly ActionInfo[] }[] = []
  let everyAction = false
  for (const [index, action] of written.entries()) {
    const result = lookupAction(catalog, action)
    const item = { at: 'item', field: actionField, index } as const
    switch (result.kind) {
      case 'all':
        everyAction = true
        break
      case 'actions':
        expanded.push({ index, wildcard: hasWildcard(action), actions: result.actions })
        break
      case 'malformed':
        findings.push({
          ...item,
          code: 'invalid-format',
          message: `"${action}" is not an action; actions are written \`service:Action\`, e.g. \`s3:GetObject\`.`,
        })
        break
      case 'unknown-service':
        findings.push({
          ...item,
          code: 'unknown-service',
          message: `No AWS service has the prefix \`${result.service}\` (in "${action}").`,
          ...hintOf(result.suggestions, (s) => `${s}:${action.split(':')[1] ?? ''}`),
        })
        break
      case 'unknown-action':
        findings.push({
          ...item,
          code: 'unknown-action',
          message: hasWildcard(action)
            ? `"${action}" matches no action.`
            : `\`${action}\` is not an action of ${action.split(':')[0] ?? 'this service'}.`,
          ...hintOf(result.suggestions, (s) => s),
        })
        break
    }
  }
  const resources = statement.Resource
  if (
    statement.Action !== undefined &&
    resources !== undefined &&
    !everyAction &&
    findings.length === 0
  ) {
    findings.push(...checkResources(catalog, resources, expanded))
  }
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    for (const key of Object.keys(keys)) {
      const check = checkConditionKey(catalog, key)
      if (check.known) continue
      findings.push({
        at: 'condition-key',
        operator,
        key,
        code: 'unknown-condition-key',
        message:
          check.reason === 'global'
            ? `\`${key}\` is not a global condition key, so no request carries it.`
            : `\`${key}\` is not a condition key of ${key.split(':')[0] ?? ''}, so no request carries it.`,
        ...hintOf(check.suggestions, (s) => s),
      })
    }
    if (parseOperator(operator) !== undefined) continue
    findings.push({
      at: 'operator',
      operator,
      code: 'unknown-condition-operator',
      message: `\`${operator}\` is not an IAM condition operator.`,
      ...hintOf(suggestOperator(operator), (s) => s),
    })
  }
  const resourceField = statement.Resource === undefined ? 'NotResource' : 'Resource'
  for (const [index, resource] of (statement.Resource ?? statement.NotResource ?? []).entries()) {
    const wrong =
      options.partition === undefined ? undefined : partitionProblem(resource, options.partition)
    if (wrong !== undefined) {
      findings.push({
        at: 'item',
        field: resourceField,
        index,
        code: 'wrong-partition',
        message: wrong,
        hint: PARTITION_HINT,
      })
    }
    if (resource === '*' || ARN_SHAPE.test(resource)) continue
    findings.push({
      at: 'item',
      field: resourceField,
      index,
      code: 'invalid-arn',
      message: `"${resource}" is neither an ARN nor \`*\`.`,
      hint: 'Resources are ARNs such as `arn:aws:s3:::bucket/*`; `${identities.NAME.arn}` gives an identity’s.',
    })
  }
  return findings
}

/** "Only `*`": how AWS names the resource of actions with no resource types. */
function isStar(resource: string): boolean {
  return /^\*+$/.test(resource)
}

function formatsOf(catalog: Catalog, action: ActionInfo): readonly string[] | undefined {
  const service = catalog.service(action.service)
  const formats: string[] = []
  for (const type of action.resourceTypes) {
    const info = service?.resourceTypes.get(type.toLowerCase())
    // A type the catalog names but does not describe: assume it could match, never flag.
    if (info === undefined) return undefined
    formats.push(...info.arnFormats)
  }
  return formats
}

function checkResources(
  catalog: Catalog,
  resources: readonly string[],
  expanded: readonly { index: number; wildcard: boolean; actions: readonly ActionInfo[] }[],
): StatementFinding[] {
  const candidates = resources
    .map((r, index) => ({ r, index }))
    .filter(({ r }) => ARN_SHAPE.test(r) || isStar(r))
  const hits = (action: ActionInfo, resource: string): boolean => {
    if (isStar(resource)) return true
    // Actions without resource types take `*`; AWS's own examples also grant them on
    // service-wide patterns such as `arn:aws:s3:::*`, so only a specific ARN is a mistake.
    if (action.resourceTypes.length === 0) return hasWildcard(resource)
    const formats = formatsOf(catalog, action)
    return (
      formats === undefined || formats.some((format) => resourceMatchesFormat(resource, format))
    )
  }
  const all = expanded.flatMap((e) => e.actions)
  const findings: StatementFinding[] = []
  const unmatched = candidates.filter(({ r }) => !all.some((a) => hits(a, r)))
  for (const { r, index } of unmatched) {
    findings.push({
      at: 'item',
      field: 'Resource',
      index,
      code: 'resource-type-mismatch',
      message: `\`${r}\` is not a resource that ${describeActions(all)} can apply to.`,
      hint: expectedFormats(catalog, all, r),
    })
  }
  if (unmatched.length === candidates.length) return findings
  for (const { index, actions } of expanded) {
    if (actions.some((a) => candidates.some(({ r }) => hits(a, r)))) continue
    const [first] = actions
    const needsStar = actions.every((a) => a.resourceTypes.length === 0)
    findings.push({
      at: 'item',
      field: 'Action',
      index,
      code: 'action-resource-mismatch',
      message: needsStar
        ? `\`${name(first)}\` does not apply to specific resources, so it is only granted with \`"*"\`.`
        : `None of this statement’s resources is one that \`${name(first)}\`${actions.length > 1 ? ' (or the other matching actions)' : ''} applies to, so it grants nothing.`,
      ...(needsStar
        ? { hint: 'Move it to a statement with `resources: ["*"]`.' }
        : { hint: expectedFormats(catalog, actions, candidates[0]?.r ?? '') }),
    })
  }
  return findings
}

function name(action: ActionInfo | undefined): string {
  return action === undefined ? '' : `${action.service}:${action.name}`
}

function describeActions(actions: readonly ActionInfo[]): string {
  const [first] = actions
  if (actions.length === 1) return `\`${name(first)}\``
  return `any of the statement’s ${actions.length} actions`
}

/** The formats the actions take, the ones most like what was written first. */
function expectedFormats(
  catalog: Catalog,
  actions: readonly ActionInfo[],
  written: string,
): string {
  const formats = new Set<string>()
  for (const action of actions)
    for (const format of formatsOf(catalog, action) ?? []) formats.add(format)
  const ranked = [...formats].sort((a, b) => resemblance(b, written) - resemblance(a, written))
  const list = ranked.slice(0, 3)
  if (list.length === 0) return 'These actions only take `"*"`.'
  return `Expected: ${list.map((f) => `\`${f}\``).join(', ')}${formats.size > list.length ? ', …' : ''}.`
}

/** How many of a format's literal words (`log-group`, `image`, `:s3:`) the written ARN shares. */
function resemblance(format: string, written: string): number {
  const words = format.split(/\$\{[^}]*\}|[:/]/).filter((w) => w.length > 1)
  return words.filter((w) => written.includes(w)).reduce((sum, w) => sum + w.length, 0)
}

function hintOf(suggestions: readonly string[], render: (s: string) => string): { hint?: string } {
  const hint = phraseSuggestions(suggestions.map(render))
  return hint === undefined ? {} : { hint }
}
