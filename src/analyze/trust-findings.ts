/**
 * The findings a weak trust gives, each with the change that closes it: in the manifest for a
 * declared role, in the trust policy itself for one only the account holds.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
import { DEFAULT_AUDIENCE } from '../model/oidc-providers.ts'
import { locationText } from '../model/resolved.ts'
import type { Located, TrustProbe } from './check-result.ts'
import type { Draft } from './findings.ts'

export const PROBE_SUBJECT = 'system:serviceaccount:keyward-probe:probe'
export const PROBE_AUDIENCE = 'keyward-probe'
export const PROBE_NAME = 'keyward-probe'

/** What a finding names of the role: its ids, and the partition its fixes are written in. */
export interface TrustedRole {
  readonly role: { readonly id: string; readonly name: string; readonly arn: string }
  readonly partition: string
}

/** In the manifest, or — for a role only the account holds — in IAM. */
function inManifest(at: Located): boolean {
  return at.location.line !== 0
}

function fix(at: Located, manifest: string, iam: string): string {
  return inManifest(at)
    ? `In the manifest (${locationText(at.location)}): ${manifest}`
    : `In the trust policy: ${iam}; or declare the role in the manifest with ${manifest}`
}

export function anySubject(trust: TrustedRole, host: string, at: Located): Draft {
  return {
    rule: 'trust-any-subject',
    severity: 'critical',
    subject: host,
    title: `any workload ${host} signs a token for can assume it: no condition on ${host}:sub`,
    detail: `The evaluator allows a token for ${PROBE_SUBJECT}, which nothing declares: without a condition on the subject, every service account of the cluster (every repository, for GitHub) can assume ${trust.role.name}. ${fix(
      at,
      `under \`trust.oidc\` of ${trust.role.id}, add \`serviceAccounts: [NAMESPACE/NAME]\` (or \`subjects: [...]\` for an issuer other than EKS)`,
      `add \`"StringEquals": { "${host}:sub": "system:serviceaccount:NAMESPACE:NAME" }\``,
    )}.`,
    actions: ['sts:AssumeRoleWithWebIdentity'],
    resources: [trust.role.arn],
    locations: [at],
  }
}

export function anyAudience(trust: TrustedRole, host: string, at: Located): Draft {
  return {
    rule: 'trust-any-audience',
    severity: 'high',
    subject: host,
    title: `tokens for any audience can assume it: no condition on ${host}:aud`,
    detail: `The evaluator allows a token issued for the audience "${PROBE_AUDIENCE}": a token minted for another application of ${host} works here too. ${fix(
      at,
      `under \`trust.oidc\` of ${trust.role.id}, set \`audience: ${DEFAULT_AUDIENCE}\` (keyward then pins it)`,
      `add \`"StringEquals": { "${host}:aud": "${DEFAULT_AUDIENCE}" }\``,
    )}.`,
    actions: ['sts:AssumeRoleWithWebIdentity'],
    resources: [trust.role.arn],
    locations: [at],
  }
}

export function broadSubject(
  trust: TrustedRole,
  host: string,
  subjects: readonly string[],
  at: Located,
): Draft {
  const broad = subjects.filter((s) => /[*?]/.test(s))
  const named = (broad.length > 0 ? broad : subjects).map(serviceAccountFix)
  return {
    rule: 'trust-broad-subject',
    severity: 'high',
    subject: `${host}:${[...subjects].sort().join(',')}`,
    title: `subjects reach beyond one namespace: ${(broad.length > 0 ? broad : subjects).join(', ')}`,
    detail: `The evaluator allows a token for a service account of namespace ${PROBE_NAME}, which nothing declares: whoever can create a namespace or service account whose name fits can assume ${trust.role.name}. ${fix(
      at,
      `under \`trust.oidc\` of ${trust.role.id}, name the namespace: \`serviceAccounts: [${named.join(', ')}]\``,
      `name the namespace in the \`${host}:sub\` condition, e.g. \`system:serviceaccount:${named[0]?.replace('/', ':') ?? 'NAMESPACE:NAME'}\``,
    )}.`,
    actions: ['sts:AssumeRoleWithWebIdentity'],
    resources: [trust.role.arn],
    locations: [at],
  }
}

export function namespaceSubject(
  trust: TrustedRole,
  namespace: string,
  subjects: readonly string[],
  at: Located,
): Draft {
  const patterns = subjects.filter((s) => s.startsWith(`system:serviceaccount:${namespace}:`))
  return {
    rule: 'trust-namespace-subject',
    severity: 'medium',
    subject: namespace,
    title: `any service account in namespace ${namespace} can assume it: ${patterns.join(', ')}`,
    detail: `The evaluator allows a token for system:serviceaccount:${namespace}:${PROBE_NAME}: every service account of ${namespace}, including one created later by whoever may create service accounts there, can assume ${trust.role.name}. ${fix(
      at,
      `under \`trust.oidc\` of ${trust.role.id}, name them: \`serviceAccounts: [${namespace}/NAME]\``,
      `use \`StringEquals\` with \`system:serviceaccount:${namespace}:NAME\` on the subject`,
    )}.`,
    actions: ['sts:AssumeRoleWithWebIdentity'],
    resources: [trust.role.arn],
    locations: [at],
  }
}

/** `system:serviceaccount:*:app` → `NAMESPACE/app`: the entry to write instead. */
function serviceAccountFix(subject: string): string {
  const m = /^system:serviceaccount:([^:]*):(.*)$/.exec(subject)
  if (m === null) return 'NAMESPACE/NAME'
  const [, ns = '', name = ''] = m
  const clean = (part: string, fallback: string) =>
    part === '' || /[*?]/.test(part) ? fallback : part
  return `${clean(ns, 'NAMESPACE')}/${clean(name, 'NAME')}`
}

export function anyone(
  trust: TrustedRole,
  principal: string,
  at: Located,
  probe: TrustProbe,
): Draft {
  const guard =
    probe.condition === undefined
      ? ''
      : ` Its conditions (${probe.condition}) do not narrow who the caller is.`
  return {
    rule: 'trust-anyone',
    severity: 'critical',
    subject: `${principal}#${at.what}`,
    title: `any principal of any AWS account can assume it: Principal ${principal}`,
    detail: `The evaluator allows ${probe.principal}, of an account the trust never names.${guard} ${fix(
      at,
      `under \`trust\` of ${trust.role.id}, name the accounts or roles (\`aws: [ACCOUNT_ID]\`), or add \`conditions: { StringEquals: { aws:PrincipalOrgID: o-… } }\``,
      'name the accounts or roles in Principal, or add a condition on aws:PrincipalOrgID',
    )}.`,
    actions: [probe.action],
    resources: [trust.role.arn],
    locations: [at],
  }
}

export function crossAccount(trust: TrustedRole, account: string, at: Located): Draft {
  return {
    rule: 'trust-cross-account',
    severity: 'medium',
    subject: account,
    title: `any principal of account ${account} its administrators allow can assume it: no external id or organization condition`,
    detail: `Trusting the account ${account} as a whole hands the choice of who assumes ${trust.role.name} to that account's IAM, and a third party acting for several customers can be tricked into using it (the confused deputy). ${fix(
      at,
      `under \`trust\` of ${trust.role.id}, name the role (\`aws: [arn:${trust.partition}:iam::${account}:role/NAME]\`), or add \`conditions: { StringEquals: { sts:ExternalId: … } }\` (or \`aws:PrincipalOrgID\`)`,
      'name the role in Principal, or add a condition on sts:ExternalId or aws:PrincipalOrgID',
    )}.`,
    actions: ['sts:AssumeRole'],
    resources: [trust.role.arn],
    locations: [at],
  }
}
