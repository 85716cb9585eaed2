import type { Path } from '../yaml-source.ts'
import { identitiesOf, type Rule, type RuleContext } from './context.ts'

const ISSUER = /^https:\/\/[^/?#\s]+(\/[^?#\s]*)?$/
const PRINCIPAL_ARN = /^arn:[a-z-]+:(iam|sts)::(\d{12}|aws):.+$/
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/

/**
 * Trust must say who, precisely. An OIDC trust without a subject condition lets every workload
 * the issuer vouches for — every pod in the cluster — assume the role.
 */
export const checkTrust: Rule = (cx) => {
  for (const { spec, base } of identitiesOf(cx)) {
    if (spec.type !== 'role') continue
    const trust = spec.trust
    const at: Path = [...base, 'trust']
    if (trust.oidc !== undefined) checkOidc(cx, trust.oidc, [...at, 'oidc'])
    trust.aws?.forEach((principal, index) => {
      const resolved = cx.resolve(principal, [...at, 'aws', index])
      if (
        resolved === undefined ||
        /^\d{12}$/.test(resolved) ||
        resolved === '*' ||
        PRINCIPAL_ARN.test(resolved)
      )
        return
      cx.report({
        code: 'invalid-principal',
        path: [...at, 'aws', index],
        message: `"${resolved}" is not an AWS principal.`,
        hint: 'Give a 12-digit account id or an IAM ARN such as `arn:aws:iam::111111111111:role/ci`.',
      })
    })
    trust.services?.forEach((service, index) => {
      const resolved = cx.resolve(service, [...at, 'services', index])
      if (resolved === undefined || SERVICE.test(resolved)) return
      cx.report({
        code: 'invalid-principal',
        path: [...at, 'services', index],
        message: `"${resolved}" is not an AWS service principal.`,
        hint: 'Service principals look like `lambda.amazonaws.com`.',
      })
    })
  }
}

function checkOidc(
  cx: RuleContext,
  oidc: { issuer: string; serviceAccounts?: readonly string[]; subjects?: readonly string[] },
  path: Path,
): void {
  const issuer = cx.resolve(oidc.issuer, [...path, 'issuer'])
  if (issuer !== undefined && !ISSUER.test(issuer)) {
    cx.report({
      code: 'invalid-format',
      path: [...path, 'issuer'],
      message: `"${issuer}" is not an OIDC issuer URL.`,
      hint: 'Issuers are https URLs without query or fragment, e.g. `https://oidc.eks.us-east-1.amazonaws.com/id/…`.',
    })
  }
  if (oidc.serviceAccounts === undefined && oidc.subjects === undefined) {
    cx.report({
      code: 'oidc-trust-unconditioned',
      path,
      part: 'key',
      message:
        'This OIDC trust does not restrict the token subject: any workload the issuer vouches for could assume the role.',
      hint: 'List the service accounts allowed, e.g. `serviceAccounts: [cert-manager/cert-manager]`.',
    })
    return
  }
  const list = oidc.serviceAccounts === undefined ? 'subjects' : 'serviceAccounts'
  ;(oidc.serviceAccounts ?? oidc.subjects ?? []).forEach((entry, index) => {
    const resolved = cx.resolve(entry, [...path, list, index])
    if (resolved === undefined || !matchesEverySubject(resolved)) return
    cx.report({
      code: 'oidc-trust-unconditioned',
      path: [...path, list, index],
      message: `"${resolved}" matches every subject of the issuer, which is no restriction at all.`,
      hint:
        list === 'serviceAccounts'
          ? 'Name the namespace at least, e.g. `monitoring/*`.'
          : 'Name the subject, or a narrow pattern.',
    })
  })
}

// A pattern any subject satisfies: a lone star, star-slash-star, or system:serviceaccount:*:*.
function matchesEverySubject(pattern: string): boolean {
  return /^[*/:]+$/.test(pattern.replace(/^system:serviceaccount:/, ''))
}
