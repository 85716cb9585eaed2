/**
 * Which statements grant an (action, resource) pair: what a report points at when a proof
 * fails or a finding fires, so the fix starts at the right line of the manifest.
 */
import { intersects, tokensOfResource } from '../policy/arn-match.ts'
import { actionMatches } from '../policy/eval/match.ts'
import type { Statement } from '../policy/eval/policy.ts'
import type { AllowedAction } from '../policy/sweep/sweep.ts'
import type { Located, Reach } from './check-result.ts'
import { formatFormula } from '../policy/eval/formula.ts'
import type { PrincipalPolicies } from './principal-policies.ts'

/** Whether two resource patterns can name one resource (policy variables match anything). */
export function overlaps(a: string, b: string): boolean {
  if (a === '*' || b === '*') return true
  return intersects(tokensOfResource(a), tokensOfResource(b))
}

export function grantsOf(policies: PrincipalPolicies, action: string, resource: string): Located[] {
  const found: Located[] = []
  for (const policy of policies.set.identity ?? []) {
    for (const s of policy.statements) {
      if (s.effect !== 'Allow' || !namesAction(s, action) || !reachesResource(s, resource)) continue
      const at = policies.locate(policy.name, s.index)
      if (at !== undefined) found.push(at)
    }
  }
  return found
}

/** The statements behind several (action, resource) pairs, each statement once. */
export function locationsOf(
  policies: PrincipalPolicies,
  pairs: readonly (readonly [string, string])[],
): Located[] {
  const seen = new Map<string, Located>()
  for (const [action, resource] of pairs)
    for (const at of grantsOf(policies, action, resource))
      seen.set(`${at.location.file}:${at.location.line}:${at.location.column}`, at)
  return [...seen.values()]
}

/** The reach of one allowed action on one of its resource patterns, with its statements. */
export function reachOf(
  policies: PrincipalPolicies,
  allowed: AllowedAction,
  resource: string,
): Reach {
  return {
    action: allowed.action,
    resource,
    ...(allowed.condition === undefined ? {} : { condition: formatFormula(allowed.condition) }),
    grantedBy: grantsOf(policies, allowed.action, resource),
  }
}

function namesAction(s: Statement, action: string): boolean {
  if (s.actions !== undefined) return s.actions.some((p) => actionMatches(p, action))
  return !(s.notActions ?? []).some((p) => actionMatches(p, action))
}

function reachesResource(s: Statement, resource: string): boolean {
  // NotResource allows all but its list: it reaches almost anything, so count it in.
  if (s.resources === undefined) return true
  return s.resources.some((r) => overlaps(r, resource))
}
