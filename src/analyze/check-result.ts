/**
 * What `keyward check` proves and finds, as data: the terminal, JSON, SARIF and HTML reports are
 * all renderings of one {@link CheckResult}. The JSON form is this structure as it is, under the
 * versioned name {@link CHECK_FORMAT}; fields are only ever added to a version, never changed.
 */
import type { IdentityType, SourceLocation } from '../model/resolved.ts'

export const CHECK_FORMAT = 'keyward.check/v1'

/** Ordered from least to most severe; `--fail-on` compares by this order. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(threshold)
}

/**
 * The access levels of AWS's Service Authorization Reference, least sensitive first. An action
 * AWS gives two levels (`Permissions management, Write`) counts under the more sensitive one.
 */
export const ACCESS_LEVELS = ['List', 'Read', 'Tagging', 'Write', 'Permissions management'] as const
export type AccessLevel = (typeof ACCESS_LEVELS)[number]

/** A place in the manifest a finding or proof points at: a statement, a `never`, an identity. */
export interface Located {
  readonly location: SourceLocation
  /** What is there, e.g. `statement AllowS3Upload of the inline policy`. */
  readonly what: string
}

/** One (action, resource) some request could be allowed, and what it takes. */
export interface Reach {
  readonly action: string
  /** The allowed resource pattern, `*` for actions without resource types. */
  readonly resource: string
  /** The condition any allowing request must meet, as text; absent when none. */
  readonly condition?: string
  /** The Allow statements that grant it. */
  readonly grantedBy: readonly Located[]
}

export interface NeverProof {
  readonly actions: readonly string[]
  readonly resources: readonly string[]
  /** Set when the assertion reads "only on these": every other resource is forbidden. */
  readonly notResources?: readonly string[]
  readonly at: Located
  /**
   * `holds`: no request, in any context, is allowed any of these. `violated`: some can be, see
   * `reaches`. `unproven`: a policy keyward cannot read (an AWS managed policy) is attached.
   */
  readonly verdict: 'holds' | 'violated' | 'unproven'
  readonly reaches: readonly Reach[]
  /** For `unproven`: the policies not weighed. */
  readonly unweighed?: readonly string[]
}

export interface LevelRadius {
  readonly level: AccessLevel
  readonly actions: readonly string[]
  /** The distinct resource patterns those actions reach. */
  readonly resources: readonly string[]
}

export interface ServiceRadius {
  readonly service: string
  readonly levels: readonly LevelRadius[]
}

/** Everything an identity could do, grouped as people read it. */
export interface BlastRadius {
  readonly services: readonly ServiceRadius[]
  /** Actions per access level, across services. */
  readonly totals: Readonly<Record<AccessLevel, number>>
  readonly actions: number
  /** Actions the statements name one by one; the rest come from wildcards. */
  readonly named: number
  /** Actions allowed on every resource of their type (`*`, or a pattern ending the ARN in `*`). */
  readonly unrestricted: number
  /** Actions that depend on a condition the request must meet. */
  readonly conditional: number
}

export type FindingRule =
  | 'never-violated'
  | 'privilege-escalation'
  | 'credentials-exposure'
  | 'data-exfiltration'
  | 'permissions-management'
  | 'wildcard-action'
  | 'wildcard-resource'
  | 'cross-environment'
  | 'could-be-role'
  | 'policy-not-weighed'
  | 'trust-any-subject'
  | 'trust-any-audience'
  | 'trust-broad-subject'
  | 'trust-namespace-subject'
  | 'trust-anyone'
  | 'trust-cross-account'
  | 'secret-in-state'
  | 'secret-in-config'
  | 'plaintext-parameter'
  | 'key-not-rotated'
  | 'key-too-old'
  | 'key-unused'
  | 'two-active-keys'
  | 'unmanaged-key'

export interface Finding {
  /** The rule's stable id, e.g. `KW101`: suppressions and SARIF refer to it. */
  readonly id: string
  readonly rule: FindingRule
  readonly severity: Severity
  readonly environment: string
  readonly identity: string
  /** One line. */
  readonly title: string
  /** Why it matters and what to change. */
  readonly detail: string
  readonly actions: readonly string[]
  readonly resources: readonly string[]
  readonly locations: readonly Located[]
  readonly link?: string
  /** Stable across runs while the finding stays the same: rule, environment, identity, subject. */
  readonly fingerprint: string
}

export interface StoreSummary {
  readonly type: 'secretsmanager' | 'ssm'
  readonly name: string
  readonly arn: string
}

export interface ConsumerSummary {
  readonly kind: 'kubernetes'
  readonly namespace: string
  readonly secret: string
}

/**
 * Who a trust statement lets assume the role: a web identity (OIDC) provider and the tokens it
 * signs, a SAML provider, AWS principals (accounts, users, roles), an AWS service, or anyone.
 */
export type AssumerKind = 'oidc' | 'saml' | 'aws' | 'service' | 'everyone'

/** What keyward's evaluator answered to one AssumeRole* request against the trust policy. */
export type TrustDecision = 'Allowed' | 'AllowedIf' | 'ImplicitlyDenied' | 'ExplicitlyDenied'

/**
 * One request put to the role's trust policy: a principal the trust declares (it must be
 * allowed), or one it does not — a token for another subject, namespace or audience, a principal
 * of another account — which must be denied. Context keys not listed could hold anything.
 */
export interface TrustProbe {
  readonly probe:
    | 'declared'
    | 'other-subject'
    | 'other-namespace'
    | 'other-service-account'
    | 'other-audience'
    | 'other-account'
  readonly principal: string
  readonly action: string
  readonly context: Readonly<Record<string, string>>
  readonly expected: 'allowed' | 'denied'
  readonly decision: TrustDecision
  /** For `AllowedIf`: what the rest of the request must satisfy. */
  readonly condition?: string
  /** The answer is the expected one (an `AllowedIf` that nothing about the caller narrows is an allow). */
  readonly ok: boolean
}

/** A principal that can assume the role, as one Allow statement of its trust policy says. */
export interface Assumer {
  readonly kind: AssumerKind
  /** The provider ARN, the AWS principal, the service, or `*`. */
  readonly principal: string
  /** The STS actions granted: AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML, TagSession. */
  readonly actions: readonly string[]
  /** OIDC: the token subjects (`sub`) the statement admits, patterns as written; none when unpinned. */
  readonly subjects: readonly string[]
  /** OIDC: the token audiences (`aud`) it admits; none when unpinned. */
  readonly audiences: readonly string[]
  /** Every other condition, as `operator key [values]`. */
  readonly conditions: readonly string[]
  readonly at: Located
  /**
   * `confirmed`: the evaluator allows what is declared and denies the rest. `wider`: it allows a
   * request the trust does not declare (see the findings). `unconfirmed`: it denies a declared one.
   */
  readonly verdict: 'confirmed' | 'wider' | 'unconfirmed'
  readonly probes: readonly TrustProbe[]
}

export interface IdentityCheck {
  readonly id: string
  readonly type: IdentityType
  readonly name: string
  readonly arn: string
  readonly at: Located
  readonly store?: StoreSummary
  readonly consumers: readonly ConsumerSummary[]
  readonly radius: BlastRadius
  readonly never: readonly NeverProof[]
  /** Roles only: who can assume it, from its trust policy, confirmed with the evaluator. */
  readonly assumers?: readonly Assumer[]
}

export interface EnvironmentCheck {
  readonly name: string
  readonly account: string
  readonly identities: readonly IdentityCheck[]
}

export interface CheckResult {
  readonly format: typeof CHECK_FORMAT
  readonly file: string
  readonly project: string
  /** The IAM catalog version the proofs used. */
  readonly dataVersion: string
  readonly environments: readonly EnvironmentCheck[]
  readonly findings: readonly Finding[]
  readonly summary: Readonly<Record<Severity, number>>
}
