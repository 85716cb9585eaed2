/**
 * Whether one statement applies to a request: its action, its resource and its conditions. The
 * answer is a formula — plain true or false unless the context is partly unknown.
 */
import type { RequestContext } from './context.ts'
import { and, not, or, type Formula } from './formula.ts'
import { evaluateTest } from './conditions.ts'
import { actionMatches, arnMatches } from './match.ts'
import type { Statement } from './policy.ts'
import { expand, wildcardParts } from './variables.ts'

export interface Target {
  readonly action: string
  readonly resource: string
  readonly context: RequestContext
}

/** `source` names the statement in formulas: `policy-name#2`. */
export function statementApplies(statement: Statement, target: Target, source: string): Formula {
  const actions = statement.actions ?? statement.notActions ?? []
  const listed = actions.some((pattern) => actionMatches(pattern, target.action))
  if (statement.actions !== undefined ? !listed : listed) return false
  const resources = statement.resources ?? statement.notResources ?? []
  const named = or(...resources.map((pattern) => resourceFormula(pattern, target, source)))
  const resource = statement.resources !== undefined ? named : not(named)
  if (resource === false) return false
  return and(
    resource,
    ...statement.conditions.map((test) => evaluateTest(test, target.context, source)),
  )
}

/**
 * Policy variables are expanded only in the resource part of an ARN, after the fifth colon; in
 * the partition, service, region or account fields they are plain text, which no real ARN holds.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-resourceelement
 */
function resourceFormula(pattern: string, target: Target, source: string): Formula {
  const split = resourcePartStart(pattern)
  const expanded = expand(pattern.slice(split), target.context, true)
  if (expanded.kind === 'missing') return false
  if (expanded.kind === 'unknown') {
    return {
      kind: 'condition',
      operator: 'ResourceMatches',
      key: expanded.keys.join(', '),
      values: [pattern],
      source,
    }
  }
  return arnMatches([...wildcardParts(pattern.slice(0, split)), ...expanded.parts], target.resource)
}

/** Where the resource part begins: after the fifth colon that is not inside `${…}`. */
function resourcePartStart(pattern: string): number {
  if (!pattern.startsWith('arn:')) return 0
  let colons = 0
  let depth = 0
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i)
    if (ch === '$' && pattern.charAt(i + 1) === '{') depth++
    else if (ch === '}' && depth > 0) depth--
    else if (ch === ':' && depth === 0 && ++colons === 5) return i + 1
  }
  return pattern.length
}
