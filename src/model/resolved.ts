/**
 * The manifest after one environment's values are applied: every name, ARN and policy document
 * exactly as keyward would create it. Planning, proofs and rendering all start from this.
 */
import type { Canary } from './canary.ts'
import type { ConditionBlock, PolicyDocument } from './policy-document.ts'

export type IdentityType = 'user' | 'group' | 'role'

/** Where something was declared, so later reports can point back into the manifest. */
/**
 * Where something was written. Line 0 marks a place in the account rather than in a file (a
 * policy `check --account` read from IAM): `file` then holds the ARN.
 */
export interface SourceLocation {
  readonly file: string
  readonly line: number
  readonly column: number
}

/** `file:line`, or the ARN alone for a place in the account. */
export function locationText(at: SourceLocation): string {
  return at.line === 0 ? at.file : `${at.file}:${at.line}`
}

export interface EnvironmentInfo {
  readonly name: string
  readonly account: string
  readonly region: string
  readonly partition: string
  /** Set when keyward reaches the account through a role, e.g. from a central CI account. */
  readonly assumeRole?: AssumeRoleTarget
}

/**
 * A role keyward assumes (`sts:AssumeRole`) before it touches an environment's account, signed by
 * whatever credentials it was given. The role is in the environment's account (the manifest
 * checks that), so the session it yields acts there.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
export interface AssumeRoleTarget {
  readonly arn: string
  /** What the role's trust requires in `sts:ExternalId`, when it requires one. */
  readonly externalId?: string
  /** Shown in CloudTrail as the session's name; keyward's default is `keyward`. */
  readonly sessionName?: string
}

/** A policy document together with where each of its statements was written. */
export interface ResolvedPolicy {
  readonly name: string
  readonly document: PolicyDocument
  readonly statementSources: readonly SourceLocation[]
}

export interface ManagedPolicyRef {
  readonly arn: string
  /** Set when the policy is declared in this manifest's `policies`, so it is created first. */
  readonly id?: string
}

/**
 * A `never` assertion: no request context may allow any of these actions on these resources —
 * or, with `notResources`, on any resource but these (IAM's NotResource, read as "only here").
 */
export interface NeverAssertion {
  readonly actions: readonly string[]
  /** `['*']` when the assertion names `notResources` instead. */
  readonly resources: readonly string[]
  readonly notResources?: readonly string[]
  readonly conditions?: ConditionBlock
  readonly source: SourceLocation
}

interface IdentityBase {
  /** The stable logical id: renaming the physical resource keeps it, so a rename is a move. */
  readonly id: string
  readonly name: string
  readonly path: string
  readonly arn: string
  readonly inlinePolicy?: ResolvedPolicy
  readonly managedPolicies: readonly ManagedPolicyRef[]
  readonly never: readonly NeverAssertion[]
  readonly source: SourceLocation
  /** Take over an existing resource of this name that keyward did not create. */
  readonly adopt: boolean
}

export interface ResolvedUser extends IdentityBase {
  readonly type: 'user'
  readonly tags: Readonly<Record<string, string>>
  readonly permissionsBoundary?: string
  readonly groups: readonly { readonly id: string; readonly name: string }[]
  readonly key?: ResolvedKey
  readonly consumers: readonly Consumer[]
}

/** IAM groups cannot carry tags, so a group has none. */
export interface ResolvedGroup extends IdentityBase {
  readonly type: 'group'
}

/**
 * The OIDC issuer a role's trust names, as the IAM OIDC provider behind it needs it: the provider
 * must exist before IAM accepts a trust naming it, and must list the audience the tokens carry.
 */
export interface RoleOidcTrust {
  /** The issuer's https URL, without a trailing slash. */
  readonly issuer: string
  /** The provider's ARN, as the trust's Federated principal names it. */
  readonly arn: string
  /** The audience (client id) the trust requires. */
  readonly audience: string
  /** Certificate thumbprints, only when the manifest gives them (40 hex characters each). */
  readonly thumbprints?: readonly string[]
  /** Where the `oidc` block was written. */
  readonly source: SourceLocation
}

export interface ResolvedRole extends IdentityBase {
  readonly type: 'role'
  readonly tags: Readonly<Record<string, string>>
  readonly description?: string
  readonly permissionsBoundary?: string
  readonly maxSessionDurationSeconds: number
  readonly trustPolicy: PolicyDocument
  /** Where each trust statement was written; absent when nothing says (the role's line stands). */
  readonly trustSources?: readonly SourceLocation[]
  /** Set when the trust names an OIDC issuer. */
  readonly oidc?: RoleOidcTrust
}

export type ResolvedIdentity = ResolvedUser | ResolvedGroup | ResolvedRole

export interface ResolvedManagedPolicy {
  readonly id: string
  readonly name: string
  readonly path: string
  readonly arn: string
  readonly description?: string
  readonly tags: Readonly<Record<string, string>>
  readonly policy: ResolvedPolicy
  readonly source: SourceLocation
  readonly adopt: boolean
}

export interface SecretsManagerStore {
  readonly type: 'secretsmanager'
  readonly name: string
  /** Matches the secret whatever random suffix AWS gives it (`name-??????`). */
  readonly arn: string
  readonly kmsKey?: string
  readonly description?: string
  readonly tags: Readonly<Record<string, string>>
  /** 0 deletes without recovery; otherwise 7–30 days. */
  readonly recoveryWindowDays: number
  readonly resourcePolicy?: PolicyDocument
}

export interface SsmStore {
  readonly type: 'ssm'
  readonly name: string
  readonly arn: string
  readonly kmsKey?: string
  readonly description?: string
  readonly tags: Readonly<Record<string, string>>
  readonly tier: 'Standard' | 'Advanced'
}

export type ResolvedStore = SecretsManagerStore | SsmStore

/** The call a consumer makes to read a key from each store type (ESO makes the same). */
export const STORE_READ_ACTION: Readonly<Record<ResolvedStore['type'], string>> = {
  secretsmanager: 'secretsmanager:GetSecretValue',
  ssm: 'ssm:GetParameter',
}

/**
 * What the store holds. `${key.id}` and `${key.secret}` stay as placeholders here: they are
 * filled in memory at mint time and never appear in any plan, report or log.
 */
export type KeyFormat =
  | { readonly kind: 'json'; readonly fields: Readonly<Record<string, string>> }
  | { readonly kind: 'text'; readonly template: string }

export interface RotationPolicy {
  /** null: never rotated on a schedule, only with `rotate --now`. */
  readonly everySeconds: number | null
  readonly verify: boolean
  readonly drainSeconds: number
  readonly deactivateForSeconds: number
  /** A call made with the new key after STS accepted it, before it is stored. */
  readonly canary?: Canary
}

export interface ResolvedKey {
  readonly store: ResolvedStore
  readonly format: KeyFormat
  readonly rotation: RotationPolicy
}

export interface RestartTarget {
  readonly kind: 'deployment' | 'statefulset' | 'daemonset'
  readonly name: string
}

export interface KubernetesConsumer {
  readonly kind: 'kubernetes'
  readonly namespace: string
  readonly secret: string
  readonly refreshSeconds: number
  readonly restart: readonly RestartTarget[]
  /** Logical id of the identity ESO reads the store as; inferred from grants when absent. */
  readonly reader?: string
  /** Secret key → format field; absent means every field under its own name. */
  readonly keys?: Readonly<Record<string, string>>
  readonly source: SourceLocation
}

export type Consumer = KubernetesConsumer

export interface ResolvedEnvironment {
  readonly project: string
  readonly environment: EnvironmentInfo
  readonly policies: readonly ResolvedManagedPolicy[]
  readonly identities: readonly ResolvedIdentity[]
}

/** Every policy document an environment declares: its managed policies, then inline ones. */
export function environmentDocuments(env: ResolvedEnvironment): PolicyDocument[] {
  return [
    ...env.policies.map((p) => p.policy.document),
    ...env.identities.flatMap((i) =>
      i.inlinePolicy === undefined ? [] : [i.inlinePolicy.document],
    ),
  ]
}
