/**
 * The Kubernetes service accounts a role's trust policy lets assume it, read back from the policy
 * itself rather than the manifest's `trust.oidc`, so what is rendered is what IAM will enforce.
 * https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
import type { PolicyDocument } from '../model/policy-document.ts'

export interface TrustedServiceAccount {
  readonly namespace: string
  readonly name: string
}

export interface WebIdentityTrust {
  /** Exact service accounts; patterns are left out, as no object can be rendered for them. */
  readonly serviceAccounts: readonly TrustedServiceAccount[]
  /** Audiences the role requires, in policy order. */
  readonly audiences: readonly string[]
}

const SUBJECT = /^system:serviceaccount:([^:*?]+):([^:*?]+)$/
const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity'

/** undefined when no statement lets a web identity assume the role. */
export function webIdentityTrust(trust: PolicyDocument): WebIdentityTrust | undefined {
  const accounts: TrustedServiceAccount[] = []
  const audiences: string[] = []
  let found = false
  for (const statement of trust.Statement) {
    if (statement.Effect !== 'Allow') continue
    if (statement.Principal === '*' || statement.Principal?.Federated === undefined) continue
    if (!(statement.Action ?? []).includes(WEB_IDENTITY)) continue
    found = true
    for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
      if (operator !== 'StringEquals' && operator !== 'StringLike') continue
      for (const [key, values] of Object.entries(keys)) {
        if (key.endsWith(':aud')) audiences.push(...values.filter((v) => !audiences.includes(v)))
        if (!key.endsWith(':sub')) continue
        for (const value of values) {
          const [, namespace, name] = SUBJECT.exec(value) ?? []
          if (namespace === undefined || name === undefined) continue
          if (accounts.some((a) => a.namespace === namespace && a.name === name)) continue
          accounts.push({ namespace, name })
        }
      }
    }
  }
  return found ? { serviceAccounts: accounts, audiences } : undefined
}
