/**
 * Whether one statement applies to a request: its action, its resource and its conditions. The
 * answer is a formula — plain true or false unless the context is partly unknown.
 */
import type { RequestContext } from './context.ts'
import { and, not, or, type Formula } from './formula.ts'
import { evaluateTest } from './conditions.ts'
import { actionMatches, arnMatches } from './match.ts'
import type { Statement } from './policy.ts'
import { expand } from './variables.ts'

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

function resourceFormula(pattern: string, target: Target, source: string): Formula {
  const expanded = expand(pattern, target.context, true)
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
  return arnMatches(expanded.parts, target.resource)
}
