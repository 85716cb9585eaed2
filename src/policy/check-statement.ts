/**
 * Static checks of one IAM statement against the catalog: actions that do not exist, resources
 * that no action of the statement can apply to (`s3:ListBucket` on an object ARN), and unknown
 * condition operators. IAM accepts many of these silently and the grant then does nothing — or
 * not what was meant — which is exactly what a reviewer misses.
 */
import type { DiagnosticCode } from '../model/diagnostic-codes.ts'
import type { PolicyStatement } from '../model/policy-document.ts'
import { phraseSuggestions } from '../model/suggest.ts'
import { lookupAction } from './actions.ts'
import { resourceMatchesFormat } from './arn-match.ts'
import type { ActionInfo, Catalog } from './catalog.ts'
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

const ARN_SHAPE = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:.+$/

export function checkStatement(catalog: Catalog, statement: PolicyStatement): StatementFinding[] {
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
  for (const operator of Object.keys(statement.Condition ?? {})) {
    if (parseOperator(operator) !== undefined) continue
    findings.push({
      at: 'operator',
      operator,
      code: 'unknown-condition-operator',
      message: `\`${operator}\` is not an IAM condition operator.`,
      ...hintOf(suggestOperator(operator), (s) => s),
    })
  }
  for (const [index, resource] of (statement.Resource ?? statement.NotResource ?? []).entries()) {
    if (resource === '*' || ARN_SHAPE.test(resource)) continue
    findings.push({
      at: 'item',
      field: statement.Resource === undefined ? 'NotResource' : 'Resource',
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
    if (action.resourceTypes.length === 0) return false
    const service = catalog.service(action.service)
    return action.resourceTypes.some((type) => {
      const format = service?.resourceTypes.get(type.toLowerCase())?.arnFormat
      return format === undefined || resourceMatchesFormat(resource, format)
    })
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
      hint: expectedFormats(catalog, all),
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
        : { hint: expectedFormats(catalog, actions) }),
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

function expectedFormats(catalog: Catalog, actions: readonly ActionInfo[]): string {
  const formats = new Set<string>()
  for (const action of actions) {
    const service = catalog.service(action.service)
    for (const type of action.resourceTypes) {
      const format = service?.resourceTypes.get(type.toLowerCase())?.arnFormat
      if (format !== undefined) formats.add(format)
    }
  }
  const list = [...formats].slice(0, 4)
  if (list.length === 0) return 'These actions only take `"*"`.'
  return `Expected: ${list.map((f) => `\`${f}\``).join(', ')}${formats.size > list.length ? ', …' : ''}.`
}

function hintOf(suggestions: readonly string[], render: (s: string) => string): { hint?: string } {
  const hint = phraseSuggestions(suggestions.map(render))
  return hint === undefined ? {} : { hint }
}
