/**
 * ARN construction for the resources keyward declares. Pure string work; see
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov' | 'aws-iso' | 'aws-iso-b' | 'aws-eusc'

/** The partition a region lives in; ARNs in China and GovCloud do not start with `arn:aws:`. */
export function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  if (region.startsWith('us-isob-')) return 'aws-iso-b'
  if (region.startsWith('eusc-')) return 'aws-eusc'
  if (region.startsWith('us-iso-')) return 'aws-iso'
  return 'aws'
}

export type IamResourceKind = 'user' | 'group' | 'role' | 'policy'

/** `arn:aws:iam::111111111111:user/path/name`; the path keeps its slashes. */
export function iamArn(
  partition: string,
  account: string,
  kind: IamResourceKind,
  path: string,
  name: string,
): string {
  return `arn:${partition}:iam::${account}:${kind}${path}${name}`
}

/**
 * The ARN pattern of a Secrets Manager secret before it exists. AWS appends a random
 * six-character suffix to every secret ARN, so policies written before creation match it with
 * `-??????` — the form AWS documents for exactly this case:
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_iam-policies.html
 */
export function secretArnPattern(
  partition: string,
  region: string,
  account: string,
  name: string,
): string {
  return `arn:${partition}:secretsmanager:${region}:${account}:secret:${name}-??????`
}

/** SSM parameter ARNs drop the leading slash of hierarchical names: `parameter/a/b`. */
export function parameterArn(
  partition: string,
  region: string,
  account: string,
  name: string,
): string {
  return `arn:${partition}:ssm:${region}:${account}:parameter/${name.replace(/^\//, '')}`
}

/**
 * Why an ARN cannot be used in an environment of `partition`, or undefined when it can. A
 * wildcard partition (`arn:*:`) fits anywhere.
 */
export function partitionProblem(arn: string, partition: string): string | undefined {
  const written = /^arn:([^:]*):/.exec(arn)?.[1]
  if (written === undefined || written === partition || /[*?]|\$\{/.test(written)) return undefined
  return `"${arn}" is in partition \`${written}\`, but this environment's region is in \`${partition}\`; IAM would reject it.`
}

/** An OIDC provider's ARN is named after its issuer URL without the scheme. */
export function oidcProviderArn(partition: string, account: string, issuer: string): string {
  return `arn:${partition}:iam::${account}:oidc-provider/${issuerHost(issuer)}`
}

/** `https://oidc.eks.us-east-1.amazonaws.com/id/X` → `oidc.eks.us-east-1.amazonaws.com/id/X`. */
export function issuerHost(issuer: string): string {
  return issuer.replace(/^https:\/\//, '').replace(/\/$/, '')
}
