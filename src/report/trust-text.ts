/** Who can assume a role, as one line of text: shared by the terminal and the HTML report. */
import type { Assumer, TrustProbe } from '../analyze/check-result.ts'

/** `web identity HOST: SUBJECTS, aud AUDIENCES`, `service S`, `anyone (*)`, an AWS principal. */
export function assumerText(a: Assumer): string {
  const when = a.conditions.length === 0 ? '' : ` when ${a.conditions.join(' and ')}`
  switch (a.kind) {
    case 'oidc': {
      const host = a.principal.replace(/^arn:[^:]+:iam::\d{12}:oidc-provider\//, '')
      const subjects = a.subjects.length === 0 ? 'any subject' : a.subjects.join(', ')
      const audiences = a.audiences.length === 0 ? 'any audience' : `aud ${a.audiences.join(', ')}`
      return `web identity ${host}: ${subjects} (${audiences})${when}`
    }
    case 'saml':
      return `SAML ${a.principal}${when}`
    case 'service':
      return `service ${a.principal}${when}`
    case 'everyone':
      return `anyone (*)${when}`
    case 'aws':
      return `${a.principal}${when}`
  }
}

/** A probe that did not answer as the trust declares: the token's claims, or who asked. */
export function probeText(p: TrustProbe): string {
  const claims = Object.entries(p.context).map(([k, v]) => `${k.replace(/^.*:/, '')}=${v}`)
  const extra = p.condition === undefined ? '' : ` when ${p.condition}`
  const who = claims.length === 0 ? `by ${p.principal}` : `with ${claims.join(', ')}`
  return `${p.action} ${who}${extra}`
}
