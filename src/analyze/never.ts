/**
 * `never` assertions, proven soundly: an assertion is violated when any request, in any context,
 * could be allowed one of its actions on one of its resources. The sweep over the catalog already
 * answers existentially (every action some request could be allowed, on which patterns, under
 * which condition), so a proof intersects the assertion with it; a resource policy on one of
 * the environment's stores is weighed with the evaluator, as AWS would on that resource.
 */
import type { NeverAssertion, ResolvedEnvironment, ResolvedIdentity } from '../model/resolved.ts'
import { authorize } from '../policy/eval/authorize.ts'
import { covers } from '../policy/sweep/cover.ts'
import { formatFormula } from '../policy/eval/formula.ts'
import { actionMatches } from '../policy/eval/match.ts'
import { parsePolicy } from '../policy/eval/policy.ts'
import type { ActionTable } from '../policy/sweep/action-table.ts'
import type { AllowedAction } from '../policy/sweep/sweep.ts'
import type { NeverProof, Reach } from './check-result.ts'
import { overlaps, reachOf } from './grants.ts'
import type { PrincipalPolicies } from './principal-policies.ts'

export interface NeverInput {
  readonly env: ResolvedEnvironment
  readonly identity: ResolvedIdentity
  readonly policies: PrincipalPolicies
  readonly allowed: readonly AllowedAction[]
  readonly table: ActionTable
}

export function proveNever(input: NeverInput, never: NeverAssertion): NeverProof {
  const named = (action: string) => never.actions.some((p) => actionMatches(p, action))
  const reaches: Reach[] = []
  for (const allowed of input.allowed) {
    if (!named(allowed.action)) continue
    for (const resource of allowed.resources) {
      if (inScope(never, resource)) reaches.push(reachOf(input.policies, allowed, resource))
    }
  }
  reaches.push(...throughStorePolicies(input, never, named, reaches))
  const unweighed = input.policies.unweighed
  const verdict =
    reaches.length > 0 ? 'violated' : unweighed.length > 0 ? 'unproven' : ('holds' as const)
  return {
    actions: never.actions,
    resources: never.resources,
    ...(never.notResources === undefined ? {} : { notResources: never.notResources }),
    at: { location: never.source, what: `never of ${input.identity.id}` },
    verdict,
    reaches,
    ...(verdict === 'unproven' ? { unweighed } : {}),
  }
}

/** Grants a store's resource policy makes to the identity that its own policies do not. */
function throughStorePolicies(
  input: NeverInput,
  never: NeverAssertion,
  named: (action: string) => boolean,
  already: readonly Reach[],
): Reach[] {
  const out: Reach[] = []
  for (const other of input.env.identities) {
    if (other.type !== 'user' || other.key?.store.type !== 'secretsmanager') continue
    const store = other.key.store
    if (store.resourcePolicy === undefined) continue
    if (!inScope(never, store.arn)) continue
    const parsed = parsePolicy(store.resourcePolicy, `secret/${store.name}`, 'resource')
    if (parsed.kind === 'error') continue
    for (const action of input.table.actions) {
      if (action.service !== 'secretsmanager' || !named(action.key)) continue
      if (already.some((r) => r.action === action.key && overlaps(r.resource, store.arn))) continue
      const result = authorize({
        principal: input.identity.arn,
        action: action.key,
        resource: store.arn.replace(/\?+$/, 'AbCdEf'),
        policies: { ...input.policies.set, resource: parsed.policy },
        mode: 'unknown',
      })
      if (result.decision !== 'Allowed' && result.decision !== 'AllowedIf') continue
      out.push({
        action: action.key,
        resource: store.arn,
        ...(result.condition === undefined ? {} : { condition: formatFormula(result.condition) }),
        grantedBy: [
          { location: other.source, what: `the resource policy of secret ${store.name}` },
        ],
      })
    }
  }
  return out
}

/**
 * Whether a granted resource pattern can name something the assertion forbids. An exception
 * counts only when one of its patterns covers the grant whole: a grant on `repository/*` is not
 * excused by `repository/app/*`, since it also names every other repository.
 */
function inScope(never: NeverAssertion, resource: string): boolean {
  if (!never.resources.some((r) => overlaps(r, resource))) return false
  return !(never.notResources ?? []).some((e) => covers(e, resource))
}
