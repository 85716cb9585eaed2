/**
 * What `keyward rotate --due` asks of AWS, and so all a runner needs: every call the rotation
 * makes, grouped by what it acts on, as the IAM actions that authorize it. Each list names the
 * code that makes the calls; test/runner/sufficiency.test.ts runs rotations against moto and
 * proves every request they sent is allowed by the role built from these lists.
 *
 * Left out on purpose: sts:GetCallerIdentity, which needs no permission (the account check, and
 * the new key's proof of itself, signed with the new key); a rotation canary's call, signed with
 * the new key too; and rollback (`rotate --rollback`), which a person runs, not the schedule.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */

/**
 * On each user keyward manages with a key (src/aws/key-port.ts, src/aws/rotation-port.ts): list
 * its keys, create the new one, deactivate and delete the old one, and ask when the old one was
 * last used while it drains. IAM authorizes them on the user the key belongs to.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
 */
export const KEY_ACTIONS = [
  'iam:ListAccessKeys',
  'iam:CreateAccessKey',
  'iam:UpdateAccessKey',
  'iam:DeleteAccessKey',
  'iam:GetAccessKeyLastUsed',
] as const

/**
 * On a Secrets Manager store: DescribeSecret reads which key each version holds (its stages), and
 * PutSecretValue writes the new key as a version named after it, which makes it AWSCURRENT. The
 * value is never read back.
 */
export const SECRET_STORE_ACTIONS = [
  'secretsmanager:DescribeSecret',
  'secretsmanager:PutSecretValue',
] as const

/**
 * On an SSM store: the parameter's tag names the key it holds (ListTagsForResource,
 * AddTagsToResource); PutParameter overwrites it and LabelParameterVersion labels the version
 * with its key id; GetParameterHistory reads the labels of the latest version after a run was cut
 * short between those writes. Nothing reads the value.
 */
export const PARAMETER_STORE_ACTIONS = [
  'ssm:ListTagsForResource',
  'ssm:GetParameterHistory',
  'ssm:PutParameter',
  'ssm:LabelParameterVersion',
  'ssm:AddTagsToResource',
] as const

/**
 * On the environment's rotation journal (src/aws/rotation-journal.ts): read it, create it on the
 * first rotation (tagged, which Secrets Manager authorizes as TagResource as well), and replace it
 * by a compare-and-swap of AWSCURRENT.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
 */
export const JOURNAL_ACTIONS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:CreateSecret',
  'secretsmanager:TagResource',
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecretVersionStage',
] as const

/**
 * What a store's own KMS key must allow when the store names one: Secrets Manager makes a data key
 * for every new version; Parameter Store encrypts a standard parameter's value with the key, and
 * an advanced one's with a data key. The AWS managed keys (aws/secretsmanager, aws/ssm) allow
 * every principal of the account through their service, so a store without `kmsKey` needs none.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/secure-string-parameter-kms-encryption.html
 */
export const STORE_KEY_ACTIONS = {
  secretsmanager: ['kms:GenerateDataKey', 'kms:Decrypt'],
  Standard: ['kms:Encrypt'],
  Advanced: ['kms:GenerateDataKey'],
} as const
