/**
 * What an AWS account holds, as far as keyward cares: IAM users, groups, roles and customer
 * managed policies, and the secrets and parameters in the environment's region. Read in a few
 * paged calls; policy documents stay as AWS returned them (decoded JSON) until compared.
 */
import type { JournalRecords } from './rotation-journal.ts'

export type Tags = Readonly<Record<string, string>>

export interface ActualUser {
  readonly name: string
  readonly id: string
  readonly arn: string
  readonly path: string
  readonly tags: Tags
  readonly inlinePolicies: Readonly<Record<string, unknown>>
  readonly managedPolicies: readonly string[]
  readonly groups: readonly string[]
  readonly permissionsBoundary?: string
}

export interface ActualGroup {
  readonly name: string
  readonly id: string
  readonly arn: string
  readonly path: string
  readonly inlinePolicies: Readonly<Record<string, unknown>>
  readonly managedPolicies: readonly string[]
}

export interface ActualRole {
  readonly name: string
  readonly id: string
  readonly arn: string
  readonly path: string
  readonly tags: Tags
  readonly trustPolicy: unknown
  readonly description?: string
  readonly maxSessionDuration: number
  readonly inlinePolicies: Readonly<Record<string, unknown>>
  readonly managedPolicies: readonly string[]
  readonly permissionsBoundary?: string
}

export interface ActualPolicy {
  readonly name: string
  readonly arn: string
  readonly path: string
  readonly description?: string
  /** The default version's document. */
  readonly document: unknown
  readonly versions: number
}

/**
 * An IAM OpenID Connect provider. One per issuer in the account, shared by every role that trusts
 * the issuer — whoever made it (often the EKS Terraform module).
 */
export interface ActualOidcProvider {
  readonly arn: string
  /** As IAM returns it: host and path, without the scheme. */
  readonly url: string
  /** The audiences (client ids) it accepts tokens for. */
  readonly clientIds: readonly string[]
  readonly thumbprints: readonly string[]
  readonly tags: Tags
}

/**
 * What a store being adopted was found to hold, for one keyward did not write: its value is read
 * once (see aws/held-key.ts) only for a declared store of an identity with `adopt: true` that
 * carries no record of a key of keyward's. Adopting it then keeps its key instead of minting one.
 */
export interface HeldKey {
  /** The access key id — never the secret — of the user's key the value holds. */
  readonly heldKey?: string
  /** Set instead when the value was read and holds none of the user's keys: why not. */
  readonly unmatched?: string
}

export interface ActualSecret extends HeldKey {
  readonly name: string
  readonly arn: string
  readonly tags: Tags
  readonly kmsKey?: string
  readonly description?: string
  /** Set when the secret is scheduled for deletion. */
  readonly deleted: boolean
  /** Read only for secrets whose manifest entry declares readers. */
  readonly resourcePolicy?: unknown
  /** The key its AWSCURRENT version holds, when keyward wrote it (versions named after keys). */
  readonly currentKey?: string
}

export interface ActualParameter extends HeldKey {
  readonly name: string
  readonly type: string
  readonly kmsKey?: string
  readonly tier: string
  readonly description?: string
  readonly tags: Tags
}

/**
 * keyward's own record of resources that cannot carry (or cheaply show) tags: IAM groups take no
 * tags, and a managed policy's tags take one call per policy to read. Kept in one tagged SSM
 * parameter per project and environment — state in the account, never a secret.
 *
 * Keyed by the physical resource, valued by logical id, so one id can own two resources while a
 * change is under way: a group mid-rename, or a policy whose replacement exists before the old
 * one is deleted. Recording before acting means a run cut short never loses track of either.
 */
export interface Registry {
  /** Group name → logical id. */
  readonly groups: Readonly<Record<string, string>>
  /** Managed policy path and name (`/path/name`, the ARN after `:policy`) → logical id. */
  readonly policies: Readonly<Record<string, string>>
}

export const EMPTY_REGISTRY: Registry = { groups: {}, policies: {} }

export interface AccountState {
  readonly account: string
  readonly region: string
  readonly users: readonly ActualUser[]
  readonly groups: readonly ActualGroup[]
  readonly roles: readonly ActualRole[]
  readonly policies: readonly ActualPolicy[]
  readonly secrets: readonly ActualSecret[]
  readonly parameters: readonly ActualParameter[]
  readonly registry: Registry
  /** Every OIDC provider in the account; absent when not read (taken as none). */
  readonly oidcProviders?: readonly ActualOidcProvider[]
  /** The environment's rotation journal (rotation-journal.ts); absent when not read. */
  readonly rotations?: JournalRecords
}

/** The IAM part of an account: what GetAccountAuthorizationDetails answers. */
export type AccountIam = Pick<AccountState, 'users' | 'groups' | 'roles' | 'policies'>
