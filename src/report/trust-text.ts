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

/** A probe that did not answer as the trust declares: who asked, with what. */
export function probeText(p: TrustProbe): string {
  const context = Object.entries(p.context).map(([k, v]) => `${k.replace(/^.*:/, '')}=${v}`)
  const extra = p.condition === undefined ? '' : ` when ${p.condition}`
  return `${p.action} by ${p.principal}${context.length === 0 ? '' : ` (${context.join(', ')})`}${extra}`
}
