/**
 * IAM quotas keyward checks before anything is created. Sizes count the document without
 * whitespace; inline limits apply to all of an identity's inline policies together.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
import type { IdentityType } from '../model/resolved.ts'

export const INLINE_POLICY_LIMIT: Record<IdentityType, number> = {
  user: 2_048,
  group: 5_120,
  role: 10_240,
}
export const MANAGED_POLICY_LIMIT = 6_144
/** The default; AWS raises it to 4,096 on request. */
export const TRUST_POLICY_LIMIT = 2_048
export const GROUPS_PER_USER = 10
/** The default quota of managed policies per user, group or role; adjustable to 20. */
export const MANAGED_POLICIES_PER_IDENTITY = 10
export const MAX_SESSION_SECONDS = { min: 3_600, max: 43_200 } as const
