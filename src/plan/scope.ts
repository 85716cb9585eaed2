/**
 * What part of an account a plan looks at. Saved in the plan file, so `apply plan.json` reads
 * the same part again — without the manifest — and can tell whether it changed.
 */
import { oidcProvidersOf } from '../model/oidc-providers.ts'
import type {
  AssumeRoleTarget,
  KeyFormat,
  ResolvedEnvironment,
  ResolvedStore,
} from '../model/resolved.ts'
import type { Owner } from '../model/tags.ts'
import { policyDigest } from './plan-stores.ts'
import { registryName } from './registry.ts'

export interface PlanScope {
  readonly owner: Owner
  readonly account: string
  readonly region: string
  /**
   * The role the plan read the account through, so `apply plan.json` connects the same way.
   * Absent when the environment names none (and in older plans).
   */
  readonly assumeRole?: AssumeRoleTarget
  /** The SSM parameter holding keyward's registry for this project and environment. */
  readonly registry: string
  /** Declared IAM names (users, groups, roles, managed policies): existing ones may conflict. */
  readonly names: readonly string[]
  /** Declared store names, to find stores that exist but are not (yet) keyward's. */
  readonly secretNames: readonly string[]
  readonly parameterNames: readonly string[]
  /**
   * Secrets whose resource policy the manifest sets, with the policy's digest: only those whose
   * recorded digest differs need their policy read.
   */
  readonly secretPolicies: Readonly<Record<string, string>>
  /** Whether roles are declared, so their description and session length need reading. */
  readonly roles: boolean
  /** ARNs of the OIDC providers declared roles trust; absent when none (and in older plans). */
  readonly oidcProviders?: readonly string[]
  /**
   * The key stores of identities with `adopt: true`: one keyward did not write is read back once,
   * to learn which of the user's keys it holds. Absent when none (and in older plans).
   */
  readonly adoptedKeys?: readonly AdoptedKey[]
}

export interface AdoptedKey {
  /** The identity's logical id. */
  readonly id: string
  /** The declared user name. */
  readonly user: string
  readonly store: Pick<ResolvedStore, 'type' | 'name'>
  readonly format: KeyFormat
}

export function scopeOf(desired: ResolvedEnvironment): PlanScope {
  const owner = { project: desired.project, environment: desired.environment.name }
  const stores = desired.identities.flatMap((i) =>
    i.type === 'user' && i.key !== undefined ? [i.key.store] : [],
  )
  const providers = oidcProvidersOf(desired).providers.map((p) => p.arn)
  const adoptedKeys = desired.identities.flatMap((i): AdoptedKey[] =>
    i.type === 'user' && i.adopt && i.key !== undefined
      ? [
          {
            id: i.id,
            user: i.name,
            store: { type: i.key.store.type, name: i.key.store.name },
            format: i.key.format,
          },
        ]
      : [],
  )
  return {
    owner,
    account: desired.environment.account,
    region: desired.environment.region,
    ...(desired.environment.assumeRole === undefined
      ? {}
      : { assumeRole: desired.environment.assumeRole }),
    registry: registryName(owner),
    names: [...desired.identities.map((i) => i.name), ...desired.policies.map((p) => p.name)],
    secretNames: stores.flatMap((s) => (s.type === 'secretsmanager' ? [s.name] : [])),
    parameterNames: stores.flatMap((s) => (s.type === 'ssm' ? [s.name] : [])),
    secretPolicies: Object.fromEntries(
      stores.flatMap((s) =>
        s.type === 'secretsmanager' && s.resourcePolicy !== undefined
          ? [[s.name, policyDigest(s.resourcePolicy)]]
          : [],
      ),
    ),
    // Roles already ours matter too (to delete them), but their settings do not.
    roles: desired.identities.some((i) => i.type === 'role'),
    ...(providers.length > 0 ? { oidcProviders: providers } : {}),
    ...(adoptedKeys.length > 0 ? { adoptedKeys } : {}),
  }
}
