/**
 * Matching one element of a statement against a request: actions, resource ARNs and principals.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 */
import type { PrincipalSet } from './policy.ts'
import type { PrincipalInfo } from './principal.ts'
import type { Part } from './variables.ts'

const actionCache = new Map<string, RegExp>()

/** `s3:Get*` matches `S3:GetObject`: action names ignore case. */
export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true
  let regex = actionCache.get(pattern)
  if (regex === undefined) {
    regex = new RegExp(`^${globSource(pattern, '.')}$`, 'is')
    actionCache.set(pattern, regex)
  }
  return regex.test(action)
}

function globSource(pattern: string, any: string): string {
  let out = ''
  for (const ch of pattern) {
    if (ch === '*') out += `${any}*`
    else if (ch === '?') out += any
    else out += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')
  }
  return out
}

/**
 * An ARN pattern against an ARN, field by field: a wildcard in the partition, service, region
 * or account field stays in that field; in the last field of the pattern it may span colons
 * (`log-group:/aws/*` covers `log-group:/aws/x:log-stream:y`). Case-sensitive.
 */
export function arnMatches(pattern: readonly Part[], arn: string): boolean {
  if (pattern.length === 1 && pattern[0]?.kind === 'star') return true
  return arnRegex(pattern).test(arn)
}

const arnCache = new Map<string, RegExp>()
const ARN_CACHE_LIMIT = 10_000

function arnRegex(pattern: readonly Part[]): RegExp {
  const key = pattern.map((p) => (p.kind === 'text' ? `t${p.text}` : p.kind)).join('\u0000')
  const cached = arnCache.get(key)
  if (cached !== undefined) return cached
  // Count the pattern's field separators so its last field can be told apart.
  const colons = pattern.reduce(
    (n, p) => n + (p.kind === 'text' ? p.text.split(':').length - 1 : 0),
    0,
  )
  const lastField = Math.min(colons, 5)
  let field = 0
  let source = ''
  for (const part of pattern) {
    if (part.kind === 'text') {
      for (const ch of part.text) {
        if (ch === ':' && field < 5) field++
        source += ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
      }
    } else {
      const any = field >= lastField ? '.' : '[^:]'
      source += part.kind === 'star' ? `${any}*` : any
    }
  }
  const regex = new RegExp(`^${source}$`, 's')
  if (arnCache.size >= ARN_CACHE_LIMIT) arnCache.clear()
  arnCache.set(key, regex)
  return regex
}

/**
 * How a resource policy statement names the caller. It matters: a statement naming a user or a
 * role session itself grants past a permissions boundary; one naming the role or the account
 * does not. https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
export type PrincipalMatch = 'none' | 'anyone' | 'account' | 'role' | 'direct'

export function principalMatch(set: PrincipalSet, caller: PrincipalInfo): PrincipalMatch {
  if (set.any) return 'anyone'
  // A web identity or SAML provider, or an AWS service, calls STS as itself: its ARN or name is
  // the caller, and a trust policy names it in `Federated` or `Service`.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  if (set.federated.includes(caller.arn) || set.service.includes(caller.arn)) return 'direct'
  let best: PrincipalMatch = 'none'
  for (const entry of set.aws) {
    const found = awsEntryMatch(entry, caller)
    if (found === 'direct') return 'direct'
    if (found === 'role' || (found === 'account' && best === 'none')) best = found
  }
  return best
}

function awsEntryMatch(entry: string, caller: PrincipalInfo): PrincipalMatch {
  if (/^\d{12}$/.test(entry)) return entry === caller.account ? 'account' : 'none'
  const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(entry)
  if (root !== null) return root[1] === caller.account ? 'account' : 'none'
  const role = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(entry)
  if (role !== null && caller.type === 'AssumedRole') {
    const [, , account, name] = role
    return account === caller.account && name === caller.roleName ? 'role' : 'none'
  }
  return entry === caller.arn ? 'direct' : 'none'
}
