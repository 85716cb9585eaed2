/**
 * Isolation between environments, checked without being asked: an identity of one environment
 * should reach nothing another environment names — its stores, its identities, the resources its
 * statements grant. Resources both environments name (a shared bucket) are deliberate and skipped.
 */
import { environmentDocuments, type ResolvedEnvironment } from '../model/resolved.ts'
import { resourceMatchesFormat } from '../policy/arn-match.ts'
import type { ActionTable } from '../policy/sweep/action-table.ts'
import type { AllowedAction } from '../policy/sweep/sweep.ts'
import type { Finding } from './check-result.ts'
import { finding } from './findings.ts'
import { locationsOf, overlaps } from './grants.ts'
import type { PrincipalPolicies } from './principal-policies.ts'

/** Every concrete resource an environment declares or grants, as ARNs or ARN patterns. */
export function namedResources(env: ResolvedEnvironment): Set<string> {
  const named = new Set<string>()
  for (const d of environmentDocuments(env))
    for (const s of d.Statement) for (const r of s.Resource ?? []) if (r !== '*') named.add(r)
  for (const p of env.policies) named.add(p.arn)
  for (const i of env.identities) {
    named.add(i.arn)
    if (i.type === 'user' && i.key !== undefined) named.add(i.key.store.arn)
  }
  return named
}

export interface IsolationInput {
  readonly env: ResolvedEnvironment
  readonly identity: string
  readonly policies: PrincipalPolicies
  readonly allowed: readonly AllowedAction[]
  readonly table: ActionTable
  /** Each other environment with the resources it names. */
  readonly others: readonly { readonly name: string; readonly named: ReadonlySet<string> }[]
  /** What this identity's own environment names. */
  readonly own: ReadonlySet<string>
}

export function isolationFindings(input: IsolationInput): Finding[] {
  const out: Finding[] = []
  for (const other of input.others) {
    const foreign = [...other.named].filter((x) => !input.own.has(x))
    const actions = new Set<string>()
    const reached = new Set<string>()
    const pairs: [string, string][] = []
    for (const allowed of input.allowed) {
      const formats = input.table.get(allowed.action)?.formats ?? []
      if (formats.length === 0) continue
      for (const x of foreign) {
        if (!formats.some((f) => resourceMatchesFormat(x, f))) continue
        const via = allowed.resources.find((r) => overlaps(r, x))
        if (via === undefined) continue
        actions.add(allowed.action)
        reached.add(x)
        pairs.push([allowed.action, via])
      }
    }
    if (actions.size === 0) continue
    out.push(
      finding(input.env.environment.name, input.identity, {
        rule: 'cross-environment',
        severity: 'high',
        subject: other.name,
        title: `reaches resources of environment ${other.name}: ${[...reached].slice(0, 3).join(', ')}${reached.size > 3 ? ` and ${reached.size - 3} more` : ''}`,
        detail: `Its policies allow ${[...actions].slice(0, 5).join(', ')}${actions.size > 5 ? ` and ${actions.size - 5} more` : ''} on resources that ${other.name} declares. Scope the resources with the environment's own names (\${env}, \${bucket}) so a key of one environment cannot touch another.`,
        actions: [...actions],
        resources: [...reached],
        locations: locationsOf(input.policies, pairs),
      }),
    )
  }
  return out
}
