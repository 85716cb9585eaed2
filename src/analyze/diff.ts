/**
 * `keyward diff`: what a change to the manifest lets each identity do that it could not before,
 * and what it no longer can — as (action, resource) pairs over the whole catalog, per
 * environment, each new grant pointed at the statement in the new manifest that makes it.
 */
import type { ResolvedEnvironment, ResolvedIdentity } from '../model/resolved.ts'
import type { ActionTable } from '../policy/sweep/action-table.ts'
import { sweep, type AllowedAction } from '../policy/sweep/sweep.ts'
import { newlyAllowed, type AccessPair } from '../policy/sweep/sweep-diff.ts'
import type { Located } from './check-result.ts'
import { grantsOf } from './grants.ts'
import { principalPolicies, type PrincipalPolicies } from './principal-policies.ts'

export const DIFF_FORMAT = 'keyward.diff/v1'

export interface DiffPair extends AccessPair {
  /** For a newly allowed pair: the statements of the new manifest that grant it. */
  readonly grantedBy?: readonly Located[]
}

export interface IdentityDiff {
  readonly id: string
  /** `added` and `removed` identities list everything they can do as allowed or denied. */
  readonly change: 'added' | 'removed' | 'changed'
  readonly allowed: readonly DiffPair[]
  readonly denied: readonly DiffPair[]
}

export interface EnvironmentDiff {
  readonly name: string
  readonly identities: readonly IdentityDiff[]
}

export interface DiffResult {
  readonly format: typeof DIFF_FORMAT
  readonly before: string
  readonly after: string
  readonly dataVersion: string
  readonly environments: readonly EnvironmentDiff[]
}

export interface DiffInput {
  readonly before: { readonly file: string; readonly environments: readonly ResolvedEnvironment[] }
  readonly after: { readonly file: string; readonly environments: readonly ResolvedEnvironment[] }
  readonly table: ActionTable
}

interface Swept {
  readonly policies: PrincipalPolicies
  readonly allowed: readonly AllowedAction[]
}

export function diffManifests(input: DiffInput): DiffResult {
  const environments: EnvironmentDiff[] = []
  const names = new Set([
    ...input.before.environments.map((e) => e.environment.name),
    ...input.after.environments.map((e) => e.environment.name),
  ])
  for (const name of names) {
    const old = input.before.environments.find((e) => e.environment.name === name)
    const now = input.after.environments.find((e) => e.environment.name === name)
    const ids = new Set([...principals(old), ...principals(now)].map((i) => i.id))
    const identities: IdentityDiff[] = []
    for (const id of ids) {
      const was = swept(input.table, old, id)
      const is = swept(input.table, now, id)
      const allowed = newlyAllowed(was?.allowed ?? [], is?.allowed ?? []).map((p) => ({
        ...p,
        grantedBy: is === undefined ? [] : grantsOf(is.policies, p.action, p.resource),
      }))
      const denied = newlyAllowed(is?.allowed ?? [], was?.allowed ?? [])
      if (allowed.length === 0 && denied.length === 0) continue
      const change = was === undefined ? 'added' : is === undefined ? 'removed' : 'changed'
      identities.push({ id, change, allowed, denied })
    }
    if (identities.length > 0) environments.push({ name, identities })
  }
  return {
    format: DIFF_FORMAT,
    before: input.before.file,
    after: input.after.file,
    dataVersion: input.table.dataVersion,
    environments,
  }
}

function principals(env: ResolvedEnvironment | undefined): ResolvedIdentity[] {
  return (env?.identities ?? []).filter((i) => i.type !== 'group')
}

function swept(table: ActionTable, env: ResolvedEnvironment | undefined, id: string) {
  const identity = principals(env).find((i) => i.id === id)
  if (env === undefined || identity === undefined) return undefined
  const policies = principalPolicies(env, identity)
  const allowed = sweep(table, { principal: identity.arn, policies: policies.set }).allowed
  return { policies, allowed } satisfies Swept
}
