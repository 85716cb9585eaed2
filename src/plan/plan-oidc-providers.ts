/**
 * IAM OpenID Connect providers, for roles whose trust names an OIDC issuer (IRSA and the like).
 * IAM refuses a trust whose Federated principal names a provider that does not exist, so a
 * missing provider is created before the roles. Providers are shared: one per issuer in the
 * account, often made by the EKS Terraform module. keyward changes and deletes only the ones it
 * created (its ownership tags); any other is used as it is, and an audience it lacks is a
 * conflict for its owner to resolve.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
 */
import type { ActualOidcProvider } from '../model/account-state.ts'
import { oidcProvidersOf, sameThumbprints, type OidcProviderNeed } from '../model/oidc-providers.ts'
import { ownedId, ownershipTags } from '../model/tags.ts'
import { retag, type PlanContext } from './context.ts'
import { claimedBy } from './match.ts'
import type { Op, PropertyDiff } from './plan.ts'
import type { Step } from './steps.ts'

/** Stands for "every audience": a trust naming the provider without an audience condition. */
const ANY_AUDIENCE = '*'

/** The providers the declared roles need: created, brought in line, or used as they are. */
export function planOidcProviders(cx: PlanContext): Op[] {
  return oidcProvidersOf(cx.desired).providers.flatMap((need) => {
    const actual = findProvider(cx, need.arn)
    if (actual === undefined) return [createOp(cx, need)]
    if (ownedId(actual.tags, cx.owner) !== undefined) return [updateOp(cx, need, actual)]
    return [useExisting(cx, need, actual)]
  })
}

/**
 * Providers keyward created for this environment that no role here trusts any more: deleted with
 * --allow-delete, after the roles (see build-plan.ts). One a role keyward does not manage still
 * trusts is kept, since deleting it would break that role.
 */
export function planRetiredOidcProviders(cx: PlanContext): Op[] {
  const needed = new Set(oidcProvidersOf(cx.desired).providers.map((p) => p.arn.toLowerCase()))
  const ops: Op[] = []
  for (const provider of cx.actual.oidcProviders ?? []) {
    const id = ownedId(provider.tags, cx.owner)
    if (id === undefined || needed.has(provider.arn.toLowerCase())) continue
    const users = [...foreignTrust(cx, provider.arn).keys()]
    if (users.length > 0) {
      ops.push({
        op: 'no-op',
        kind: 'oidc-provider',
        id,
        name: `https://${provider.url}`,
        diffs: [],
        steps: [],
        note: `kept: no longer needed here, but still trusted by ${roleList(users)}, which this environment does not manage`,
      })
      continue
    }
    ops.push({
      op: 'delete',
      kind: 'oidc-provider',
      id,
      name: `https://${provider.url}`,
      diffs: [],
      steps: [{ kind: 'delete-oidc-provider', arn: provider.arn }],
      note: 'no role of this environment trusts its issuer any more',
      ...(cx.allowDelete ? {} : { blocked: 'needs --allow-delete' }),
    })
  }
  return ops
}

function findProvider(cx: PlanContext, arn: string): ActualOidcProvider | undefined {
  // IAM treats the URL's host without regard to case; the path is matched as written.
  return (cx.actual.oidcProviders ?? []).find((p) => p.arn.toLowerCase() === arn.toLowerCase())
}

function roleNames(cx: PlanContext, need: OidcProviderNeed): string[] {
  return need.roles.map((id) => cx.desired.identities.find((i) => i.id === id)?.name ?? id)
}

function roleList(names: readonly string[]): string {
  return `${names.length === 1 ? 'role' : 'roles'} ${names.join(', ')}`
}

function createOp(cx: PlanContext, need: OidcProviderNeed): Op {
  const thumbprints = need.thumbprints === undefined ? {} : { thumbprints: need.thumbprints }
  return {
    op: 'create',
    kind: 'oidc-provider',
    id: need.host,
    name: need.url,
    // `before: []` so plan text shows the short lists on one line, as it does for groups.
    diffs: [
      { property: 'audiences', before: [], after: need.audiences },
      ...(need.thumbprints === undefined
        ? []
        : [{ property: 'thumbprints', before: [], after: need.thumbprints }]),
    ],
    steps: [
      {
        kind: 'create-oidc-provider',
        arn: need.arn,
        url: need.url,
        clientIds: need.audiences,
        ...thumbprints,
        tags: ownershipTags(cx.owner, need.host),
      },
    ],
    note: `trusted by ${roleList(roleNames(cx, need))}; created before them, as IAM requires`,
  }
}

function updateOp(cx: PlanContext, need: OidcProviderNeed, actual: ActualOidcProvider): Op {
  const steps: Step[] = []
  const diffs: PropertyDiff[] = []
  const arn = actual.arn
  // Audiences other roles in the account still rely on stay, whoever manages those roles.
  const kept = new Set([...foreignTrust(cx, arn).values()].flat())
  const add = need.audiences.filter((a) => !actual.clientIds.includes(a))
  const remove = kept.has(ANY_AUDIENCE)
    ? []
    : actual.clientIds.filter((a) => !need.audiences.includes(a) && !kept.has(a))
  for (const clientId of add) steps.push({ kind: 'add-oidc-client-id', arn, clientId })
  for (const clientId of remove) steps.push({ kind: 'remove-oidc-client-id', arn, clientId })
  if (add.length > 0 || remove.length > 0) {
    const after = [...actual.clientIds.filter((a) => !remove.includes(a)), ...add].sort()
    diffs.push({ property: 'audiences', before: [...actual.clientIds].sort(), after })
  }
  // Without thumbprints in the manifest, the ones IAM keeps are left alone.
  if (need.thumbprints !== undefined && !sameThumbprints(need.thumbprints, actual.thumbprints)) {
    steps.push({ kind: 'update-oidc-thumbprints', arn, thumbprints: need.thumbprints })
    diffs.push({ property: 'thumbprints', before: actual.thumbprints, after: need.thumbprints })
  }
  const tags = retag(
    ownershipTags(cx.owner, need.host),
    actual.tags,
    (set) => ({ kind: 'tag-oidc-provider', arn, tags: set }),
    (keys) => ({ kind: 'untag-oidc-provider', arn, keys }),
  )
  steps.push(...tags.steps)
  diffs.push(...tags.diffs)
  return {
    op: steps.length > 0 ? 'update' : 'no-op',
    kind: 'oidc-provider',
    id: need.host,
    name: need.url,
    diffs,
    steps,
  }
}

/** A provider keyward did not create: used as it is; a missing audience is its owner's to add. */
function useExisting(cx: PlanContext, need: OidcProviderNeed, actual: ActualOidcProvider): Op {
  const missing = need.audiences.filter((a) => !actual.clientIds.includes(a))
  const whose = claimedBy(actual.tags, cx.owner) ?? 'keyward did not create it'
  if (missing.length > 0) {
    const roles = cx.desired.identities.filter(
      (i) => i.type === 'role' && i.oidc?.arn === need.arn && missing.includes(i.oidc.audience),
    )
    const commands = missing.map(
      (a) =>
        `\`aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${actual.arn} --client-id ${a}\``,
    )
    cx.conflicts.push({
      kind: 'oidc-provider',
      id: need.host,
      name: need.url,
      message: `The OIDC provider for ${need.url} exists and ${whose}, but it does not accept the audience ${missing.join(', ')} that ${roleList(roles.map((r) => r.name))} ${roles.length === 1 ? 'requires' : 'require'}; tokens for it would be refused.`,
      hint: `keyward never changes a provider it does not own. Add the audience where the provider is managed (e.g. the client id list of the EKS Terraform module), or run ${commands.join(' and ')}.`,
    })
  }
  return {
    op: 'no-op',
    kind: 'oidc-provider',
    id: need.host,
    name: need.url,
    diffs: [],
    steps: [],
    note: `uses existing provider (${whose}; left as it is)`,
  }
}

/**
 * Roles keyward does not manage in this environment whose trust names the provider, with the
 * audiences their trust requires of it (`*` when it names none).
 */
function foreignTrust(cx: PlanContext, arn: string): Map<string, string[]> {
  const found = new Map<string, string[]>()
  const host = arn.slice(arn.indexOf(':oidc-provider/') + ':oidc-provider/'.length)
  const audKey = `${host}:aud`.toLowerCase()
  for (const role of cx.actual.roles) {
    if (ownedId(role.tags, cx.owner) !== undefined) continue
    const audiences: string[] = []
    let names = false
    for (const statement of statementsOf(role.trustPolicy)) {
      if (statement.Effect !== 'Allow' || !federatedBy(statement.Principal, arn)) continue
      names = true
      const conditions = asRecord(statement.Condition) ?? {}
      const required = Object.values(conditions).flatMap((block) =>
        Object.entries(asRecord(block) ?? {}).flatMap(([key, value]) =>
          key.toLowerCase() === audKey ? strings(value) : [],
        ),
      )
      audiences.push(...(required.length > 0 ? required : [ANY_AUDIENCE]))
    }
    if (names) found.set(role.name, audiences)
  }
  return found
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

function statementsOf(document: unknown): Record<string, unknown>[] {
  const statement = asRecord(document)?.Statement
  const list: unknown[] = Array.isArray(statement) ? statement : [statement]
  return list.flatMap((s) => {
    const record = asRecord(s)
    return record === undefined ? [] : [record]
  })
}

function federatedBy(principal: unknown, arn: string): boolean {
  const federated = asRecord(principal)?.Federated
  return strings(federated).some((p) => p.toLowerCase() === arn.toLowerCase())
}
