import { issuerHost, partitionProblem } from '../../model/arn.ts'
import { normalThumbprints, sameThumbprints } from '../../model/oidc-providers.ts'
import { locationText } from '../../model/resolved.ts'
import { PARTITION_HINT } from '../../policy/check-statement.ts'
import type { RoleSpec } from '../spec/identities.ts'
import type { Path } from '../yaml-source.ts'
import { identitiesOf, type Rule, type RuleContext } from './context.ts'

const ISSUER = /^https:\/\/[^/?#\s]+(\/[^?#\s]*)?$/
/**
 * What IAM accepts as an AWS principal in a trust policy: the account (`:root`), a user, a role,
 * or an STS session — never a group or a policy, and never with wildcards inside the ARN.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
const PRINCIPAL_ARN =
  /^arn:[a-z-]+:(iam::\d{12}:(root|user\/[\w+=,.@/-]+|role\/[\w+=,.@/-]+)|sts::\d{12}:(assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+|federated-user\/[\w+=,.@-]+))$/
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/
const GITHUB_ISSUER = 'token.actions.githubusercontent.com'
/** A SHA-1 certificate fingerprint, hex-encoded, as CreateOpenIDConnectProvider takes it. */
const THUMBPRINT = /^[0-9A-Fa-f]{40}$/
/** https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html */
const MAX_THUMBPRINTS = 5

/**
 * Trust must say who, precisely. A `*` principal without conditions is anyone in AWS; an OIDC
 * trust without a narrow subject is every workload the issuer vouches for — every pod in the
 * cluster, every repository on GitHub.
 */
export const checkTrust: Rule = (cx) => {
  const thumbprinted = new Map<string, { id: string; at: string; list: readonly string[] }>()
  for (const { identity, spec, base } of identitiesOf(cx)) {
    if (spec.type !== 'role') continue
    const trust = spec.trust
    const at: Path = [...base, 'trust']
    if (trust.oidc !== undefined) checkOidc(cx, trust.oidc, [...at, 'oidc'])
    const oidc = identity.type === 'role' ? identity.oidc : undefined
    if (oidc?.thumbprints !== undefined && trust.oidc?.thumbprints !== undefined) {
      const path: Path = [...at, 'oidc', 'thumbprints']
      if (!checkThumbprints(cx, trust.oidc.thumbprints, path)) continue
      const first = thumbprinted.get(oidc.arn)
      if (first === undefined) {
        thumbprinted.set(oidc.arn, {
          id: identity.id,
          at: locationText(oidc.source),
          list: oidc.thumbprints,
        })
      } else if (!sameThumbprints(first.list, oidc.thumbprints)) {
        cx.report({
          code: 'oidc-provider-mismatch',
          path,
          message: `Role \`${first.id}\` (${first.at}) trusts the same issuer with other thumbprints (${normalThumbprints(first.list).join(', ')}); an account has one OIDC provider per issuer, with one list.`,
          hint: 'Give every role that trusts this issuer the same `thumbprints`, or leave them out of all but one.',
        })
      }
    }
    trust.aws?.forEach((principal, index) =>
      checkPrincipal(cx, trust, principal, [...at, 'aws', index]),
    )
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

function checkPrincipal(
  cx: RuleContext,
  trust: RoleSpec['trust'],
  principal: string,
  path: Path,
): void {
  const resolved = cx.resolve(principal, path)
  if (resolved === undefined || /^\d{12}$/.test(resolved)) return
  if (resolved === '*') {
    if (trust.conditions !== undefined) return
    cx.report({
      code: 'trust-allows-anyone',
      path,
      message: 'Principal `*` with no condition lets anyone in any AWS account assume this role.',
      hint: 'Name the accounts or roles, or add `conditions`, e.g. `StringEquals: { aws:PrincipalOrgID: o-… }`.',
    })
    return
  }
  if (!PRINCIPAL_ARN.test(resolved)) {
    cx.report({
      code: 'invalid-principal',
      path,
      message: `"${resolved}" is not a principal IAM accepts in a trust policy.`,
      hint: 'Use a 12-digit account id, or the ARN of a user, a role or an STS session, without wildcards; groups and policies cannot be principals.',
    })
    return
  }
  const wrong = partitionProblem(resolved, cx.env.environment.partition)
  if (wrong !== undefined)
    cx.report({ code: 'wrong-partition', path, message: wrong, hint: PARTITION_HINT })
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
  const github = issuer !== undefined && ISSUER.test(issuer) && issuerHost(issuer) === GITHUB_ISSUER
  const list = oidc.serviceAccounts === undefined ? 'subjects' : 'serviceAccounts'
  ;(oidc.serviceAccounts ?? oidc.subjects ?? []).forEach((entry, index) => {
    const resolved = cx.resolve(entry, [...path, list, index])
    if (resolved === undefined) return
    const tooBroad = matchesEverySubject(resolved)
      ? `"${resolved}" matches every subject of the issuer, which is no restriction at all.`
      : github && !/^repo:[^*?/:]+\//.test(resolved)
        ? `"${resolved}" does not name a GitHub organization, so workflows in anyone's repositories could assume this role.`
        : undefined
    if (tooBroad === undefined) return
    cx.report({
      code: 'oidc-trust-unconditioned',
      path: [...path, list, index],
      message: tooBroad,
      hint:
        list === 'serviceAccounts'
          ? 'Name the namespace at least, e.g. `monitoring/*`.'
          : github
            ? 'Start with your organization and repository, e.g. `repo:my-org/my-repo:ref:refs/heads/main`.'
            : 'Name the subject, or a narrow pattern.',
    })
  })
}

/** Whether every thumbprint is one IAM accepts; reports each one that is not. */
function checkThumbprints(cx: RuleContext, list: readonly string[], path: Path): boolean {
  let ok = true
  list.forEach((entry, index) => {
    const resolved = cx.resolve(entry, [...path, index])
    if (resolved === undefined || THUMBPRINT.test(resolved)) return
    ok = false
    cx.report({
      code: 'invalid-format',
      path: [...path, index],
      message: `"${resolved}" is not a certificate thumbprint: IAM takes 40 hexadecimal characters, the SHA-1 fingerprint of the certificate.`,
      hint: 'Copy it without colons, e.g. from `openssl x509 -fingerprint -sha1 -noout`, or leave `thumbprints` out and IAM works it out itself.',
    })
  })
  if (list.length > MAX_THUMBPRINTS) {
    ok = false
    cx.report({
      code: 'invalid-value',
      path,
      message: `IAM keeps at most ${MAX_THUMBPRINTS} thumbprints per OIDC provider; this lists ${list.length}.`,
      hint: 'Keep the thumbprints of the certificates the issuer serves now and next.',
    })
  }
  return ok
}

/** Nothing but wildcards and separators (`*`, `?*`, star-slash-star): any subject satisfies it. */
function matchesEverySubject(pattern: string): boolean {
  return /^[*?/:]+$/.test(pattern.replace(/^system:serviceaccount:/, ''))
}
