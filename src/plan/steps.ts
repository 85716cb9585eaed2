/**
 * The single AWS changes a plan is made of, as data. Each is idempotent — doing it twice leaves
 * the account as doing it once — so apply can retry any step, and a run cut short is finished by
 * running it again. Documents are the exact IAM JSON to send.
 */
import type { PolicyDocument } from '../model/policy-document.ts'
import type { KeyFormat, ResolvedStore } from '../model/resolved.ts'
import type { Registry, Tags } from '../model/account-state.ts'

export type Step =
  | {
      readonly kind: 'create-user'
      readonly name: string
      readonly path: string
      readonly tags: Tags
    }
  | {
      readonly kind: 'rename-user'
      readonly from: string
      readonly to: string
      readonly path: string
    }
  | { readonly kind: 'tag-user'; readonly user: string; readonly tags: Tags }
  | { readonly kind: 'untag-user'; readonly user: string; readonly keys: readonly string[] }
  | {
      readonly kind: 'put-user-policy'
      readonly user: string
      readonly policy: string
      readonly document: PolicyDocument
    }
  | { readonly kind: 'delete-user-policy'; readonly user: string; readonly policy: string }
  | { readonly kind: 'attach-user-policy'; readonly user: string; readonly arn: string }
  | { readonly kind: 'detach-user-policy'; readonly user: string; readonly arn: string }
  | { readonly kind: 'put-user-boundary'; readonly user: string; readonly arn: string }
  | { readonly kind: 'delete-user-boundary'; readonly user: string }
  | { readonly kind: 'add-user-to-group'; readonly user: string; readonly group: string }
  | { readonly kind: 'remove-user-from-group'; readonly user: string; readonly group: string }
  /** Deletes every access key of the user first; only for users keyward owns. */
  | { readonly kind: 'delete-user'; readonly user: string }
  | { readonly kind: 'create-group'; readonly name: string; readonly path: string }
  | {
      readonly kind: 'rename-group'
      readonly from: string
      readonly to: string
      readonly path: string
    }
  | {
      readonly kind: 'put-group-policy'
      readonly group: string
      readonly policy: string
      readonly document: PolicyDocument
    }
  | { readonly kind: 'delete-group-policy'; readonly group: string; readonly policy: string }
  | { readonly kind: 'attach-group-policy'; readonly group: string; readonly arn: string }
  | { readonly kind: 'detach-group-policy'; readonly group: string; readonly arn: string }
  | { readonly kind: 'delete-group'; readonly group: string }
  | {
      readonly kind: 'create-role'
      readonly name: string
      readonly path: string
      readonly tags: Tags
      readonly trust: PolicyDocument
      readonly maxSessionDuration: number
      readonly description?: string
    }
  | {
      readonly kind: 'update-role'
      readonly role: string
      readonly maxSessionDuration: number
      readonly description?: string
    }
  | { readonly kind: 'update-trust'; readonly role: string; readonly trust: PolicyDocument }
  | { readonly kind: 'tag-role'; readonly role: string; readonly tags: Tags }
  | { readonly kind: 'untag-role'; readonly role: string; readonly keys: readonly string[] }
  | {
      readonly kind: 'put-role-policy'
      readonly role: string
      readonly policy: string
      readonly document: PolicyDocument
    }
  | { readonly kind: 'delete-role-policy'; readonly role: string; readonly policy: string }
  | { readonly kind: 'attach-role-policy'; readonly role: string; readonly arn: string }
  | { readonly kind: 'detach-role-policy'; readonly role: string; readonly arn: string }
  | { readonly kind: 'put-role-boundary'; readonly role: string; readonly arn: string }
  | { readonly kind: 'delete-role-boundary'; readonly role: string }
  | { readonly kind: 'delete-role'; readonly role: string }
  | {
      readonly kind: 'create-policy'
      /** Known before creation; lets a retried create find the policy it made. */
      readonly arn: string
      readonly name: string
      readonly path: string
      readonly document: PolicyDocument
      readonly tags: Tags
      readonly description?: string
    }
  /** A new default version; the oldest non-default version goes first if five exist. */
  | {
      readonly kind: 'set-policy-document'
      readonly arn: string
      readonly document: PolicyDocument
    }
  | { readonly kind: 'tag-policy'; readonly arn: string; readonly tags: Tags }
  | { readonly kind: 'delete-policy'; readonly arn: string }
  /**
   * Creates an IAM OIDC provider. The ThumbprintList is sent only when the manifest gives one:
   * it is optional, and without it IAM uses the issuer's certificate authority itself —
   * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
   */
  | {
      readonly kind: 'create-oidc-provider'
      /** Known before creation (named after the URL); lets a retried create find its provider. */
      readonly arn: string
      readonly url: string
      readonly clientIds: readonly string[]
      readonly thumbprints?: readonly string[]
      readonly tags: Tags
    }
  | { readonly kind: 'add-oidc-client-id'; readonly arn: string; readonly clientId: string }
  | { readonly kind: 'remove-oidc-client-id'; readonly arn: string; readonly clientId: string }
  | {
      readonly kind: 'update-oidc-thumbprints'
      readonly arn: string
      readonly thumbprints: readonly string[]
    }
  | { readonly kind: 'tag-oidc-provider'; readonly arn: string; readonly tags: Tags }
  | { readonly kind: 'untag-oidc-provider'; readonly arn: string; readonly keys: readonly string[] }
  | { readonly kind: 'delete-oidc-provider'; readonly arn: string }
  | {
      readonly kind: 'update-secret'
      readonly name: string
      readonly description?: string
      readonly kmsKey?: string
    }
  | { readonly kind: 'tag-secret'; readonly name: string; readonly tags: Tags }
  | { readonly kind: 'untag-secret'; readonly name: string; readonly keys: readonly string[] }
  | { readonly kind: 'put-secret-policy'; readonly name: string; readonly document: PolicyDocument }
  | { readonly kind: 'delete-secret-policy'; readonly name: string }
  | { readonly kind: 'delete-secret'; readonly name: string; readonly recoveryWindowDays: number }
  | { readonly kind: 'restore-secret'; readonly name: string }
  | { readonly kind: 'tag-parameter'; readonly name: string; readonly tags: Tags }
  | { readonly kind: 'untag-parameter'; readonly name: string; readonly keys: readonly string[] }
  | { readonly kind: 'delete-parameter'; readonly name: string }
  /**
   * Mints an access key for `user` straight into `store`: intent recorded in the store, then
   * CreateAccessKey, then the store written; the key keyward recorded before is deleted once the
   * new one is stored — see src/keys/mint.ts.
   */
  | {
      readonly kind: 'mint-key'
      readonly user: string
      readonly store: ResolvedStore
      readonly format: KeyFormat
    }
  /**
   * Makes the key an adopted store already holds keyward's, recorded as a mint records the key it
   * made: `keyward:key-id` and `keyward:format` on the user, then on the store — and for SSM the
   * key id as the label of the parameter's version, which a rollback looks for. The plan names
   * the key by its last four characters (`key`) and its digest (`match`, keyDigest), never whole;
   * apply finds it among the user's keys by the digest.
   */
  | {
      readonly kind: 'record-key'
      readonly user: string
      readonly store: ResolvedStore
      readonly key: string
      readonly match: string
      /** The format's digest (formatDigest), as a mint records it. */
      readonly format: string
    }
  /**
   * Deletes the key keyward recorded on the user, and the keys a rotation of identity `id`
   * recorded in the journal, all read at apply time: plans name keys only by their last four
   * characters, never whole.
   */
  | {
      readonly kind: 'delete-recorded-key'
      readonly user: string
      readonly id: string
      readonly journal: string
    }
  | {
      readonly kind: 'put-registry'
      readonly name: string
      readonly registry: Registry
      readonly tags: Tags
    }

export type StepKind = Step['kind']
