/**
 * `keyward check`, offline: for every environment and every identity, the sweep of the whole
 * catalog (what any request could be allowed), then the proofs of its `never` assertions, its
 * blast radius, and the findings on it — all from the manifest, before anything exists.
 */
import {
  environmentDocuments,
  locationText,
  type ResolvedEnvironment,
  type ResolvedIdentity,
} from '../model/resolved.ts'
import { servicePatternsOf, servicesNamed } from '../policy/actions.ts'
import { loadCatalog } from '../policy/catalog.ts'
import { ActionTable } from '../policy/sweep/action-table.ts'
import type { Policy } from '../policy/eval/policy.ts'
import { sweep, type AllowedAction } from '../policy/sweep/sweep.ts'
import { blastRadius } from './blast-radius.ts'
import {
  CHECK_FORMAT,
  SEVERITIES,
  type CheckResult,
  type EnvironmentCheck,
  type Finding,
  type IdentityCheck,
  type Severity,
} from './check-result.ts'
import { isolationFindings, namedResources } from './cross-environment.ts'
import { finding, identityFindings } from './findings.ts'
import { proveNever } from './never.ts'
import { principalPolicies } from './principal-policies.ts'
import { trustOf } from './trust.ts'

export interface CheckInput {
  readonly file: string
  readonly project: string
  readonly environments: readonly ResolvedEnvironment[]
  /**
   * The environments isolation is checked against: all the manifest declares. One with the name
   * of a checked environment gives what that environment names as its own (so a live account's
   * view is judged by what its manifest declares, not by what its policies happen to grant).
   */
  readonly all?: readonly ResolvedEnvironment[]
  readonly table: ActionTable
  /** Findings made elsewhere (in the Terraform a manifest was imported from), reported alongside. */
  readonly findings?: readonly Finding[]
}

/** The catalog services a check needs loaded; `*` when a wildcard or NotAction can reach any. */
export function servicesToLoad(environments: readonly ResolvedEnvironment[]): string[] {
  const named = servicesNamed(environments.flatMap(environmentDocuments))
  if (named.includes('*')) return ['*']
  const never = environments.flatMap((env) =>
    env.identities.flatMap((i) => i.never.flatMap((n) => n.actions)),
  )
  return [...new Set([...named, ...servicePatternsOf(never)])]
}

/** The catalog, as a sweep reads it, loaded for only the services these environments name. */
export async function actionTableFor(
  environments: readonly ResolvedEnvironment[],
): Promise<ActionTable> {
  return new ActionTable(await loadCatalog(servicesToLoad(environments)))
}

/** {@link checkEnvironments} with the catalog loaded for every environment it compares. */
export async function runCheck(input: Omit<CheckInput, 'table'>): Promise<CheckResult> {
  const table = await actionTableFor([...input.environments, ...(input.all ?? [])])
  return checkEnvironments({ ...input, table })
}

export function checkEnvironments(input: CheckInput): CheckResult {
  const all = input.all ?? input.environments
  const named = new Map(all.map((e) => [e.environment.name, namedResources(e)]))
  const findings: Finding[] = [...(input.findings ?? [])]
  const environments: EnvironmentCheck[] = input.environments.map((env) => {
    const name = env.environment.name
    const own = named.get(name) ?? new Set<string>()
    const others = all
      .filter((e) => e.environment.name !== name)
      .map((e) => ({ name: e.environment.name, named: named.get(e.environment.name) ?? new Set() }))
    const identities: IdentityCheck[] = []
    for (const identity of env.identities) {
      if (identity.type === 'group') continue
      const policies = principalPolicies(env, identity)
      const allowed = sweep(input.table, {
        principal: identity.arn,
        policies: policies.set,
      }).allowed
      const proofInput = { env, identity, policies, allowed, table: input.table }
      const never = [...identity.never, ...groupNever(env, identity)].map((n) =>
        proveNever(proofInput, n),
      )
      for (const [index, proof] of never.entries()) {
        if (proof.verdict !== 'violated') continue
        // Its place among the identity's assertions: stable while lines above it move.
        const subject = `never-${index + 1}`
        findings.push(
          finding(name, identity.id, {
            rule: 'never-violated',
            severity: 'critical',
            subject,
            title: `can do what it must never do: ${[...new Set(proof.reaches.map((r) => r.action))].join(', ')}`,
            detail: `The never at ${locationText(proof.at.location)} is broken by ${proof.reaches
              .map(
                (r) =>
                  `${r.action} on ${r.resource}${r.condition === undefined ? '' : ` when ${r.condition}`}`,
              )
              .join('; ')}.`,
            actions: [...new Set(proof.reaches.map((r) => r.action))],
            resources: [...new Set(proof.reaches.map((r) => r.resource))],
            // The grant is what to change, so it leads; the assertion it breaks follows.
            locations: [...proof.reaches.flatMap((r) => r.grantedBy), proof.at],
          }),
        )
      }
      findings.push(
        ...identityFindings({ environment: name, identity, policies, allowed, table: input.table }),
      )
      findings.push(
        ...isolationFindings({
          env,
          identity: identity.id,
          policies,
          allowed,
          table: input.table,
          others,
          own,
        }),
      )
      const trust =
        identity.type === 'role' ? trustOf({ environment: name, role: identity }) : undefined
      findings.push(...(trust?.findings ?? []))
      const checked = summary(identity, policies.set.identity ?? [], allowed, never, input.table)
      const assumers = trust?.assumers
      identities.push(assumers === undefined ? checked : { ...checked, assumers })
    }
    return { name, account: env.environment.account, identities }
  })
  const sorted = findings.sort(
    (a, b) =>
      SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) ||
      a.environment.localeCompare(b.environment) ||
      a.identity.localeCompare(b.identity) ||
      a.id.localeCompare(b.id),
  )
  const summaryCounts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<
    Severity,
    number
  >
  for (const f of sorted) summaryCounts[f.severity]++
  return {
    format: CHECK_FORMAT,
    file: input.file,
    project: input.project,
    dataVersion: input.table.dataVersion,
    environments,
    findings: sorted,
    summary: summaryCounts,
  }
}

/** A group's `never` binds every member: it is proven on each user in the group. */
function groupNever(env: ResolvedEnvironment, identity: ResolvedIdentity) {
  if (identity.type !== 'user') return []
  return identity.groups.flatMap((g) => env.identities.find((i) => i.id === g.id)?.never ?? [])
}

function summary(
  identity: Exclude<ResolvedIdentity, { type: 'group' }>,
  policies: readonly Policy[],
  allowed: readonly AllowedAction[],
  never: IdentityCheck['never'],
  table: ActionTable,
): IdentityCheck {
  const store = identity.type === 'user' ? identity.key?.store : undefined
  return {
    id: identity.id,
    type: identity.type,
    name: identity.name,
    arn: identity.arn,
    at: { location: identity.source, what: `identity ${identity.id}` },
    ...(store === undefined
      ? {}
      : { store: { type: store.type, name: store.name, arn: store.arn } }),
    consumers:
      identity.type === 'user'
        ? identity.consumers.map((c) => ({
            kind: c.kind,
            namespace: c.namespace,
            secret: c.secret,
          }))
        : [],
    radius: blastRadius(table, allowed, policies),
    never,
  }
}
