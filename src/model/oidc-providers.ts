/**
 * The IAM OIDC providers an environment's roles need. IAM refuses a trust policy whose Federated
 * principal names a provider that does not exist, and a token is accepted only when the provider
 * lists its audience, so each issuer the roles trust needs one provider — one per account, shared
 * by every role (and every tool) that trusts the issuer.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
 */
import { issuerHost } from './arn.ts'
import type { ResolvedEnvironment, SourceLocation } from './resolved.ts'

/**
 * The audience STS requires of a web identity token unless a role asks for another: the one EKS
 * and ESO request. https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
export const DEFAULT_AUDIENCE = 'sts.amazonaws.com'

export interface OidcProviderNeed {
  /** The issuer URL, `https://` and host and path, as IAM's CreateOpenIDConnectProvider takes it. */
  readonly url: string
  readonly arn: string
  /** The URL without its scheme: the provider's name in its ARN and in condition keys. */
  readonly host: string
  /** Client ids: every audience a role trusting this issuer requires, sorted. */
  readonly audiences: readonly string[]
  /** Thumbprints, lower case, when a role gives them; otherwise IAM keeps its own. */
  readonly thumbprints?: readonly string[]
  /** Logical ids of the roles that trust the issuer. */
  readonly roles: readonly string[]
  readonly sources: readonly SourceLocation[]
}

/** Two roles naming one issuer with different thumbprints: one provider holds one list. */
export interface ThumbprintMismatch {
  readonly arn: string
  /** The role whose thumbprints are used, and the one whose differ. */
  readonly kept: { readonly role: string; readonly thumbprints: readonly string[] }
  readonly other: {
    readonly role: string
    readonly thumbprints: readonly string[]
    readonly source: SourceLocation
  }
}

/** Thumbprints compare without regard to case or order. */
export function normalThumbprints(list: readonly string[]): string[] {
  return [...new Set(list.map((t) => t.toLowerCase()))].sort()
}

export function sameThumbprints(a: readonly string[], b: readonly string[]): boolean {
  return normalThumbprints(a).join(',') === normalThumbprints(b).join(',')
}

/** One provider per distinct issuer, in the order the roles first name them. */
export function oidcProvidersOf(env: ResolvedEnvironment): {
  readonly providers: readonly OidcProviderNeed[]
  readonly mismatches: readonly ThumbprintMismatch[]
} {
  interface Draft {
    url: string
    arn: string
    host: string
    audiences: Set<string>
    thumbprints?: { role: string; list: string[] }
    roles: string[]
    sources: SourceLocation[]
  }
  const byArn = new Map<string, Draft>()
  const mismatches: ThumbprintMismatch[] = []
  for (const role of env.identities) {
    if (role.type !== 'role' || role.oidc === undefined) continue
    const { arn, issuer, audience, thumbprints, source } = role.oidc
    let draft = byArn.get(arn)
    if (draft === undefined) {
      const host = issuerHost(issuer)
      draft = { url: `https://${host}`, arn, host, audiences: new Set(), roles: [], sources: [] }
      byArn.set(arn, draft)
    }
    draft.audiences.add(audience)
    draft.roles.push(role.id)
    draft.sources.push(source)
    if (thumbprints === undefined) continue
    const list = normalThumbprints(thumbprints)
    if (draft.thumbprints === undefined) draft.thumbprints = { role: role.id, list }
    else if (!sameThumbprints(draft.thumbprints.list, list)) {
      mismatches.push({
        arn,
        kept: { role: draft.thumbprints.role, thumbprints: draft.thumbprints.list },
        other: { role: role.id, thumbprints: list, source },
      })
    }
  }
  const providers = [...byArn.values()].map((d): OidcProviderNeed => ({
    url: d.url,
    arn: d.arn,
    host: d.host,
    audiences: [...d.audiences].sort(),
    ...(d.thumbprints === undefined ? {} : { thumbprints: d.thumbprints.list }),
    roles: d.roles,
    sources: d.sources,
  }))
  return { providers, mismatches }
}
