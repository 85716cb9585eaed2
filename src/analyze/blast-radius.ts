/**
 * An identity's blast radius: what a leaked key could do, grouped the way people weigh it — by
 * service, then by access level — with how much of it comes from wildcards rather than from
 * actions the manifest names one by one.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_understand-policy-summary-access-level-summaries.html
 */
import { hasWildcard } from '../policy/glob.ts'
import { covers } from '../policy/sweep/cover.ts'
import type { Policy } from '../policy/eval/policy.ts'
import type { ActionTable } from '../policy/sweep/action-table.ts'
import type { AllowedAction } from '../policy/sweep/sweep.ts'
import {
  ACCESS_LEVELS,
  type AccessLevel,
  type BlastRadius,
  type LevelRadius,
  type ServiceRadius,
} from './check-result.ts'

/** The most sensitive of the levels AWS gives an action (`Permissions management, Write`). */
export function levelOf(accessLevel: string): AccessLevel {
  let best: AccessLevel = 'List'
  let known = false
  for (const part of accessLevel.split(',')) {
    const level = ACCESS_LEVELS.find((l) => l.toLowerCase() === part.trim().toLowerCase())
    if (level === undefined) continue
    known = true
    if (ACCESS_LEVELS.indexOf(level) > ACCESS_LEVELS.indexOf(best)) best = level
  }
  // An access level AWS adds later is weighed as a write until the catalog says otherwise.
  return known ? best : 'Write'
}

/**
 * Whether a resource pattern reaches every resource of the action's type: `*`, or a pattern whose
 * resource part covers the type's whole ARN format (`secret:*`, `user/*`, but not `bucket/*`,
 * which pins the bucket). Region and account do not count: they bound the account, not the type.
 */
export function isUnrestricted(resource: string, formats: readonly string[]): boolean {
  if (resource === '*') return true
  const part = resourcePart(resource)
  if (part === undefined) return false
  return formats.some((format) => {
    const open = resourcePart(format.replace(/\$\{[^}]*\}/g, '*'))
    return open !== undefined && covers(part, open)
  })
}

function resourcePart(arn: string): string | undefined {
  let at = -1
  for (let i = 0; i < 5; i++) {
    at = arn.indexOf(':', at + 1)
    if (at === -1) return undefined
  }
  return arn.slice(at + 1)
}

export function blastRadius(
  table: ActionTable,
  allowed: readonly AllowedAction[],
  policies: readonly Policy[],
): BlastRadius {
  const byService = new Map<
    string,
    Map<AccessLevel, { actions: string[]; resources: Set<string> }>
  >()
  const totals = Object.fromEntries(ACCESS_LEVELS.map((l) => [l, 0])) as Record<AccessLevel, number>
  let unrestricted = 0
  let conditional = 0
  for (const a of allowed) {
    const level = levelOf(a.accessLevel)
    totals[level]++
    const service =
      byService.get(a.service) ??
      new Map<AccessLevel, { actions: string[]; resources: Set<string> }>()
    byService.set(a.service, service)
    const entry = service.get(level) ?? { actions: [], resources: new Set<string>() }
    service.set(level, entry)
    entry.actions.push(a.action)
    for (const r of a.resources) entry.resources.add(r)
    const formats = table.get(a.action)?.formats ?? []
    if (formats.length > 0 && a.resources.some((r) => isUnrestricted(r, formats))) unrestricted++
    if (a.conditional) conditional++
  }
  const services: ServiceRadius[] = [...byService.entries()]
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([service, levels]) => ({
      service,
      levels: ACCESS_LEVELS.flatMap((level): LevelRadius[] => {
        const entry = levels.get(level)
        return entry === undefined
          ? []
          : [{ level, actions: entry.actions.sort(), resources: [...entry.resources].sort() }]
      }),
    }))
  return {
    services,
    totals,
    actions: allowed.length,
    named: namedActions(policies, allowed),
    unrestricted,
    conditional,
  }
}

/** Allowed actions an Allow statement spells out exactly, not through a wildcard or NotAction. */
function namedActions(policies: readonly Policy[], allowed: readonly AllowedAction[]): number {
  const named = new Set<string>()
  for (const p of policies)
    for (const s of p.statements)
      if (s.effect === 'Allow')
        for (const a of s.actions ?? []) if (!hasWildcard(a)) named.add(a.toLowerCase())
  return allowed.filter((a) => named.has(a.action.toLowerCase())).length
}
