/**
 * What a principal ARN tells about the caller, and the global context keys AWS fills in from it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */

export type PrincipalType = 'User' | 'AssumedRole' | 'FederatedUser' | 'Account' | 'Unknown'

export interface PrincipalInfo {
  /** The ARN as given. */
  readonly arn: string
  readonly type: PrincipalType
  readonly partition?: string
  readonly account?: string
  /** `aws:PrincipalArn`: for a role session, the role's ARN, not the session's. */
  readonly principalArn: string
  /** Users only: `aws:username`. */
  readonly userName?: string
  /** Role sessions: the role's name (the session ARN does not carry the role's path). */
  readonly roleName?: string
  readonly sessionName?: string
}

const IAM = /^arn:([^:]+):iam::(\d{12}):(root|user\/(?:.*\/)?([^/]+)|role\/(?:.*\/)?([^/]+))$/
const STS = /^arn:([^:]+):sts::(\d{12}):(assumed-role\/([^/]+)\/(.+)|federated-user\/(.+))$/

/**
 * A request's caller. A role ARN given as the caller stands for a session of that role, as in
 * AWS a role never signs a request itself.
 */
export function principalInfo(arn: string): PrincipalInfo {
  const iam = IAM.exec(arn)
  if (iam !== null) {
    const [, partition = '', account = '', what = '', user, role] = iam
    const base = { arn, partition, account }
    if (what === 'root') return { ...base, type: 'Account', principalArn: arn }
    if (user !== undefined) return { ...base, type: 'User', principalArn: arn, userName: user }
    return {
      ...base,
      type: 'AssumedRole',
      principalArn: arn,
      ...(role === undefined ? {} : { roleName: role }),
    }
  }
  const sts = STS.exec(arn)
  if (sts !== null) {
    const [, partition = '', account = '', , role, session, federated] = sts
    const base = { arn, partition, account }
    if (role !== undefined && session !== undefined) {
      const principalArn = `arn:${partition}:iam::${account}:role/${role}`
      return { ...base, type: 'AssumedRole', principalArn, roleName: role, sessionName: session }
    }
    return {
      ...base,
      type: 'FederatedUser',
      principalArn: arn,
      ...(federated === undefined ? {} : { userName: federated }),
    }
  }
  return { arn, type: 'Unknown', principalArn: arn }
}

/** The context keys AWS derives from the caller; a request's own context overrides them. */
export function derivedContext(info: PrincipalInfo): Record<string, string> {
  const keys: Record<string, string> = { 'aws:PrincipalArn': info.principalArn }
  if (info.account !== undefined) keys['aws:PrincipalAccount'] = info.account
  if (info.type !== 'Unknown') keys['aws:PrincipalType'] = info.type
  if (info.type === 'User' && info.userName !== undefined) keys['aws:username'] = info.userName
  return keys
}
