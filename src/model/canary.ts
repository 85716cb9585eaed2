/**
 * The canary: one real call a rotation makes with the new key before storing it, beyond the STS
 * call that proves the key is the user's — proof that the key can do the identity's work, once
 * IAM has propagated its permissions as well as the key. Read-only calls only, so a canary
 * changes nothing, and only actions this module knows how to make.
 */
export type CanaryAction = 's3:ListBucket' | 'secretsmanager:DescribeSecret'

export const CANARY_ACTIONS: readonly CanaryAction[] = [
  's3:ListBucket',
  'secretsmanager:DescribeSecret',
]

export interface Canary {
  readonly action: CanaryAction
  /** The bucket's ARN (`arn:aws:s3:::NAME`) or the secret's ARN or name. */
  readonly resource: string
}

/** The bucket a ListBucket canary lists: the ARN's last part. */
export function canaryBucket(resource: string): string {
  return resource.replace(/^arn:[^:]+:s3:::/, '').split('/')[0] ?? resource
}
