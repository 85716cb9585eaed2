/**
 * The access-key checks auditors ask for, over what `status` read: CIS AWS Foundations'
 * "rotate access keys every 90 days or less" and "disable credentials unused for 45 days or
 * more", a user holding two active keys when no rotation explains it, and keys keyward did not
 * mint — on its own users, or on users it does not manage at all.
 * https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html
 *
 * A key a rotation is retiring (the previous key while the new one drains in) is old by
 * definition and is about to go: it is not reported as old, and its twin is not reported as a
 * second key. Every other key is judged as IAM holds it, whoever made it.
 */
import type { IdentityStatus, KeyStatus, UnmanagedUser } from '../model/key-status.ts'
import type { SourceLocation } from '../model/resolved.ts'
import type { Finding, Located } from './check-result.ts'
import { finding } from './findings.ts'

/** CIS AWS Foundations 2.12 (earlier 1.4): rotate access keys every 90 days or less. */
export const MAX_KEY_AGE_DAYS = 90
/** CIS AWS Foundations 2.11: credentials unused for 45 days or more are disabled. */
export const MAX_UNUSED_DAYS = 45

const ROTATING_KEYS =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console'
const UNUSED_CREDENTIALS =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html'

export interface AuditedIdentity {
  readonly status: IdentityStatus
  readonly arn: string
  readonly source: SourceLocation
}

export interface KeyAuditInput {
  readonly environment: string
  readonly identities: readonly AuditedIdentity[]
  /** Read only at account scope. */
  readonly unmanaged: readonly UnmanagedUser[]
}

export function auditKeys(input: KeyAuditInput): Finding[] {
  const out: Finding[] = []
  for (const { status, arn, source } of input.identities) {
    const at: Located = { location: source, what: `identity ${status.id}` }
    const inRotation = status.rotation?.state === 'pending' || status.rotation?.state === 'draining'
    out.push(
      ...keyFindings(input.environment, status.id, status.user, arn, status.keys, [at], inRotation),
    )
  }
  for (const user of input.unmanaged) {
    out.push(
      ...keyFindings(input.environment, user.user, user.user, user.arn, user.keys, [], false),
    )
  }
  return out
}

function keyFindings(
  environment: string,
  identity: string,
  user: string,
  arn: string,
  keys: readonly KeyStatus[],
  locations: readonly Located[],
  inRotation: boolean,
): Finding[] {
  const make = (
    rule: Finding['rule'],
    severity: Finding['severity'],
    subject: string,
    title: string,
    detail: string,
    link: string,
  ) =>
    finding(environment, identity, {
      rule,
      severity,
      subject,
      title,
      detail,
      actions: [],
      resources: [arn],
      locations,
      link,
    })
  const out: Finding[] = []
  const active = keys.filter((k) => k.status === 'Active')
  for (const k of active) {
    const retiring = k.role === 'previous'
    if (!retiring && k.ageDays !== undefined && k.ageDays > MAX_KEY_AGE_DAYS) {
      out.push(
        make(
          'key-too-old',
          'medium',
          k.key,
          `Access key ${k.key} of ${user} is ${k.ageDays} days old.`,
          `CIS asks for access keys to be rotated every ${MAX_KEY_AGE_DAYS} days or less. ${
            k.role === 'unmanaged'
              ? 'keyward did not make this key; adopt it (`rotate --adopt`) or retire it.'
              : 'Run `keyward rotate --due` on a schedule (see `keyward render runner`).'
          }`,
          ROTATING_KEYS,
        ),
      )
    }
    if (!retiring && k.unusedDays !== undefined && k.unusedDays >= MAX_UNUSED_DAYS) {
      out.push(
        make(
          'key-unused',
          'medium',
          k.key,
          k.lastUsed === null
            ? `Access key ${k.key} of ${user} has never been used in its ${k.unusedDays} days.`
            : `Access key ${k.key} of ${user} has not been used for ${k.unusedDays} days.`,
          `CIS asks for credentials unused for ${MAX_UNUSED_DAYS} days or more to be disabled. A key nobody uses is either forgotten or read by a consumer that never signs with it; find out which, then deactivate it or remove the user's key.`,
          UNUSED_CREDENTIALS,
        ),
      )
    }
  }
  if (active.length > 1 && !inRotation) {
    out.push(
      make(
        'two-active-keys',
        'medium',
        'keys',
        `${user} has ${active.length} active access keys and no rotation in progress.`,
        'Two working keys double what a leak exposes, and one of them is usually forgotten. A rotation holds two only while the new key drains in; deactivate the one consumers do not read.',
        ROTATING_KEYS,
      ),
    )
  }
  for (const k of keys.filter((key) => key.role === 'unmanaged')) {
    out.push(
      make(
        'unmanaged-key',
        locations.length === 0 ? 'low' : 'medium',
        k.key,
        locations.length === 0
          ? `Access key ${k.key} belongs to ${user}, a user keyward does not manage.`
          : `Access key ${k.key} of ${user} was not made by keyward.`,
        locations.length === 0
          ? 'Nothing rotates or audits this key. Declare the user in the manifest with `adopt: true` so keyward takes it over, or retire the key.'
          : 'Someone created it outside keyward, so no store holds it and no rotation will retire it. Adopt it (`keyward rotate --adopt`) or delete it.',
        ROTATING_KEYS,
      ),
    )
  }
  return out
}
