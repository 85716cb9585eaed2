/**
 * A digest of the part of the account a plan depends on: what keyward owns and what carries a
 * declared name. `apply plan.json` reads the account again and refuses if this changed — an
 * unrelated user created elsewhere in the account does not make a plan stale.
 */
import type { AccountState } from '../model/account-state.ts'
import { encodeRecord } from '../model/rotation-record.ts'
import { ownedId, TAG_ENV, TAG_PROJECT } from '../model/tags.ts'
import { digest } from './digest.ts'
import { policyKey } from './registry.ts'
import type { PlanScope } from './scope.ts'

export function stateFingerprint(state: AccountState, scope: PlanScope): string {
  const owner = scope.owner
  const names = new Set(scope.names.map((n) => n.toLowerCase()))
  const relevant = (name: string, tags: Readonly<Record<string, string>> = {}) =>
    names.has(name.toLowerCase()) || ownedId(tags, owner) !== undefined
  const registered = new Set(Object.keys(state.registry.groups).map((g) => g.toLowerCase()))
  const providerArns = new Set((scope.oidcProviders ?? []).map((arn) => arn.toLowerCase()))
  const providers = (state.oidcProviders ?? []).filter(
    (p) => providerArns.has(p.arn.toLowerCase()) || ownedId(p.tags, owner) !== undefined,
  )
  return digest({
    account: state.account,
    users: state.users.filter((u) => relevant(u.name, u.tags)),
    roles: state.roles.filter((r) => relevant(r.name, r.tags)),
    groups: state.groups.filter((g) => relevant(g.name) || registered.has(g.name.toLowerCase())),
    policies: state.policies.filter(
      (p) => relevant(p.name) || state.registry.policies[policyKey(p.arn)] !== undefined,
    ),
    secrets: state.secrets,
    // And one being adopted: what it holds decides between keeping its key and minting one.
    parameters: state.parameters.filter(
      (p) =>
        (p.tags[TAG_PROJECT] === owner.project && p.tags[TAG_ENV] === owner.environment) ||
        p.heldKey !== undefined ||
        p.unmatched !== undefined,
    ),
    registry: state.registry,
    // Left out when there are none, so plans made before keyward read providers stay valid.
    ...(providers.length > 0 ? { oidcProviders: providers } : {}),
    // A rotation started since the plan owns keys the plan may mint over.
    rotations: Object.fromEntries(
      [...(state.rotations ?? [])].map(([id, r]) => [id, encodeRecord(r)]),
    ),
  })
}
