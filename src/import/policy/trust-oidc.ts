/**
 * Trust statements for an OIDC issuer (IRSA, GitHub Actions, any IAM OIDC provider), read back
 * into the manifest's `trust.oidc` — which keyward writes as one statement: the provider as the
 * `Federated` principal, `sts:AssumeRoleWithWebIdentity`, `StringEquals` on `HOST:aud`, and
 * `HOST:sub` under `StringEquals`, or all under `StringLike` when one is a pattern.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc_user-id.html
 */
import { issuerHost } from '../../model/arn.ts'
import { DEFAULT_AUDIENCE } from '../../model/oidc-providers.ts'
import type { DraftOidcTrust } from '../draft.ts'
import type { Loc, Segment, TfString } from '../terraform/value.ts'
import { concreteText } from '../terraform/value.ts'
import type { TrustContext } from './context.ts'
import { reported, unknownProblem } from './problems.ts'
import type { TrustStatement } from './trust-statement.ts'
import { stringsOf } from './trust-statement.ts'
import { keyOf, kindName, plainText, shown, stringOf } from './values.ts'

const WEB_IDENTITY = 'sts:assumerolewithwebidentity'
const SERVICE_ACCOUNT = 'system:serviceaccount:'
const PATTERN = /[*?]/

/** What one OIDC statement requires. */
interface OidcStatement {
  readonly issuer: string
  /** `aud` values, when the statement checks the audience. */
  readonly audience?: TfString
  /** `sub` values, when the statement checks the subject. */
  readonly subjects?: readonly TfString[]
  readonly loc: Loc
}

/**
 * The `oidc` entry for every statement with a `Federated` principal, or undefined having
 * reported why they cannot be one (two issuers, other conditions, …).
 */
export function oidcTrust(
  statements: readonly TrustStatement[],
  loc: Loc,
  cx: TrustContext,
): DraftOidcTrust | undefined {
  const read: OidcStatement[] = []
  let failed = false
  for (const statement of statements) {
    const one = oidcStatement(statement, cx)
    if (one === undefined) failed = true
    else read.push(...one)
  }
  const [first] = read
  if (failed || first === undefined) return undefined
  const error = (message: string, hint?: string) =>
    reported(cx, { severity: 'error', message, loc, ...(hint === undefined ? {} : { hint }) })
  const issuers = [...new Set(read.map((r) => r.issuer))]
  if (issuers.length > 1) {
    error(
      `The trust names ${issuers.length} OIDC issuers (${issuers.join(', ')}); keyward’s trust names one.`,
      'Split the role in two, one per issuer, or keep one issuer.',
    )
    return undefined
  }
  const audiences = new Set(read.map((r) => (r.audience === undefined ? '' : keyOf(r.audience))))
  if (audiences.size > 1) {
    error(
      'The OIDC statements require different audiences; keyward writes one statement with one audience.',
    )
    return undefined
  }
  const audience = first.audience
  if (audience === undefined) {
    cx.report({
      severity: 'warning',
      message: `The OIDC trust does not check the token’s audience; the manifest’s trust always does, and requires "${DEFAULT_AUDIENCE}". Tokens issued for another audience will no longer be accepted.`,
      loc: first.loc,
      hint: 'Add `audience` to the imported trust if the tokens carry another one.',
    })
  }
  // One statement per subject list and the same audience: together they allow any of the
  // subjects — and a statement that checks no subject allows them all.
  const subjects = read.some((r) => r.subjects === undefined)
    ? undefined
    : uniqueStrings(read.flatMap((r) => r.subjects ?? []))
  const out: DraftOidcTrust = { issuer: first.issuer }
  if (audience !== undefined && keyOf(audience) !== DEFAULT_AUDIENCE) {
    const written = cx.template(audience, first.loc)
    if (written === undefined) return undefined
    out.audience = written
  }
  if (subjects === undefined) return out
  const accounts = subjects.map(serviceAccountOf)
  const asAccounts = accounts.every((a) => a !== undefined)
  const written = (asAccounts ? accounts : subjects).map((s) => cx.template(s, first.loc))
  if (written.some((w) => w === undefined)) return undefined
  const list = written.filter((w) => w !== undefined)
  return asAccounts ? { ...out, serviceAccounts: list } : { ...out, subjects: list }
}

/** One statement's requirements, per issuer it names; undefined having reported why not. */
function oidcStatement(statement: TrustStatement, cx: TrustContext): OidcStatement[] | undefined {
  const { what, loc } = statement
  const error = (message: string, hint?: string) =>
    reported(cx, { severity: 'error', message, loc, ...(hint === undefined ? {} : { hint }) })
  if (statement.aws.length > 0 || statement.services.length > 0) {
    error(
      `${what} trusts a federated principal and AWS principals or services at once; keyward writes them as separate statements with different actions.`,
    )
    return undefined
  }
  const actions = new Set(statement.actions.map((a) => a.toLowerCase()))
  if (actions.size !== 1 || !actions.has(WEB_IDENTITY)) {
    const saml = actions.has('sts:assumerolewithsaml')
    error(
      saml
        ? `${what} allows sts:AssumeRoleWithSAML: SAML federation, which keyward’s trust does not write.`
        : `${what} allows ${statement.actions.join(', ')} for a federated principal; keyward’s OIDC trust allows exactly sts:AssumeRoleWithWebIdentity.`,
    )
    return undefined
  }
  const providers = statement.federated.map((value) => providerOf(value, loc, cx, what))
  if (providers.some((p) => p === undefined)) return undefined
  const checks = oidcConditions(statement, providers, cx)
  if (checks === undefined) return undefined
  return providers.filter((p) => p !== undefined).map(({ issuer }) => ({ issuer, ...checks, loc }))
}

interface Provider {
  readonly issuer: string
  /** The issuer's host and path, when it is known text: the prefix of its condition keys. */
  readonly host?: string
}

/**
 * `arn:PARTITION:iam::ACCOUNT:oidc-provider/HOST` → `https://HOST`; a reference to an
 * `aws_iam_openid_connect_provider` → what the mapper knows of it.
 */
function providerOf(
  value: TfString,
  loc: Loc,
  cx: TrustContext,
  what: string,
): Provider | undefined {
  const marker = ':oidc-provider/'
  const index = value.segments.findIndex((s) => s.kind === 'text' && s.text.includes(marker))
  const segment = value.segments[index]
  if (segment?.kind === 'text') {
    const cut = segment.text.indexOf(marker) + marker.length
    const rest: Segment[] = [
      { kind: 'text', text: segment.text.slice(cut) },
      ...value.segments.slice(index + 1),
    ]
    const hostValue = stringOf(rest)
    const before = shown(
      stringOf([
        ...value.segments.slice(0, index),
        { kind: 'text', text: segment.text.slice(0, cut) },
      ]),
    )
    if (!/^arn:[^:]+:iam::[^:]+:oidc-provider\/$/.test(before) || hostValue.segments.length === 0) {
      cx.report({
        severity: 'error',
        message: `${what} trusts "${shown(value)}", which is not an IAM OIDC provider ARN.`,
        loc,
      })
      return undefined
    }
    const issuer = cx.template(stringOf([{ kind: 'text', text: 'https://' }, ...rest]), loc)
    if (issuer === undefined) return undefined
    const host = concreteText(hostValue)
    return host === undefined ? { issuer } : { issuer, host }
  }
  const text = plainText(value)
  if (text !== undefined) {
    const saml = text.includes(':saml-provider/')
    cx.report({
      severity: 'error',
      message: saml
        ? `${what} trusts the SAML provider "${text}"; keyward’s trust does not write SAML federation.`
        : `${what} trusts "${text}", which is not an IAM OIDC provider; keyward’s OIDC trust names the provider IAM holds for an issuer.`,
      loc,
      ...(saml
        ? {}
        : {
            hint: 'Web identity federation through Cognito, Google, Facebook or Login with Amazon is not an `oidc` trust; write this role’s trust by hand.',
          }),
    })
    return undefined
  }
  const issuer = cx.issuerOf(value, loc)
  if (issuer === undefined) return undefined
  // A template without references is the issuer itself, and its host can be checked.
  return issuer.includes('${') ? { issuer } : { issuer, host: issuerHost(issuer) }
}

/** The audience and subjects a statement checks, when those are all it checks. */
function oidcConditions(
  statement: TrustStatement,
  providers: readonly (Provider | undefined)[],
  cx: TrustContext,
): { audience?: TfString; subjects?: TfString[] } | undefined {
  const { what, loc, condition } = statement
  const error = (message: string, hint?: string) =>
    reported(cx, { severity: 'error', message, loc, ...(hint === undefined ? {} : { hint }) })
  if (condition === undefined) return {}
  if (condition.kind === 'unknown')
    return reported(cx, unknownProblem(condition, loc, `${what}’s Condition`))
  if (condition.kind !== 'object') {
    error(`${what}’s Condition is ${kindName(condition)}; IAM takes an object of operators.`)
    return undefined
  }
  const hosts = new Set(providers.flatMap((p) => (p?.host === undefined ? [] : [p.host])))
  const prefixes = new Set<string>()
  const found: { operator: string; claim: 'aud' | 'sub'; values: TfString[] }[] = []
  const others: string[] = []
  for (const [operator, keys] of condition.fields) {
    if (keys.kind !== 'object') {
      error(`${what}’s Condition ${operator} is ${kindName(keys)}; IAM takes an object of keys.`)
      return undefined
    }
    for (const [key, value] of keys.fields) {
      const claim = /^(.+):(aud|sub)$/.exec(key)
      const [, prefix, name] = claim ?? []
      const supported = operator === 'StringEquals' || operator === 'StringLike'
      if (prefix === undefined || (name !== 'aud' && name !== 'sub') || !supported) {
        others.push(`${operator} on ${key}`)
        continue
      }
      prefixes.add(prefix)
      const values = stringsOf(value, loc, cx, `${what}’s Condition ${operator} on ${key}`)
      if (values === undefined) return undefined
      found.push({ operator, claim: name, values })
    }
  }
  if (others.length > 0) {
    error(
      `${what} also requires ${others.join(', ')}; keyward’s OIDC trust checks only the token’s audience and subject, so it cannot write that.`,
      'Write this role’s trust by hand, or drop the extra condition in Terraform first if it is not needed.',
    )
    return undefined
  }
  const foreign = [...prefixes].filter((p) => hosts.size > 0 && !hosts.has(p))
  if (prefixes.size > 1 || foreign.length > 0) {
    error(
      `${what} checks the claims of ${[...prefixes].join(' and ')}, not of the issuer it trusts${hosts.size > 0 ? ` (${[...hosts].join(', ')})` : ''}; keyward’s trust checks its own issuer’s claims.`,
    )
    return undefined
  }
  return claimValues(found, what, loc, cx)
}

function claimValues(
  found: readonly { operator: string; claim: 'aud' | 'sub'; values: TfString[] }[],
  what: string,
  loc: Loc,
  cx: TrustContext,
): { audience?: TfString; subjects?: TfString[] } | undefined {
  const error = (message: string) => reported(cx, { severity: 'error', message, loc })
  const audiences = found.filter((f) => f.claim === 'aud')
  const subjects = found.filter((f) => f.claim === 'sub')
  if (audiences.length > 1 || subjects.length > 1) {
    error(
      `${what} checks the ${audiences.length > 1 ? 'audience' : 'subject'} under both StringEquals and StringLike; keyward’s trust checks it once.`,
    )
    return undefined
  }
  const out: { audience?: TfString; subjects?: TfString[] } = {}
  const [aud] = audiences
  if (aud !== undefined) {
    const [only, ...more] = aud.values
    if (only === undefined || more.length > 0) {
      error(`${what} accepts ${aud.values.length} audiences; keyward’s trust requires exactly one.`)
      return undefined
    }
    if (aud.operator === 'StringLike' && PATTERN.test(keyOf(only))) {
      error(
        `${what} matches the audience against the pattern "${shown(only)}"; keyward’s trust requires one audience exactly.`,
      )
      return undefined
    }
    out.audience = only
  }
  const [sub] = subjects
  if (sub !== undefined) {
    // keyward writes StringEquals unless a subject is a pattern; an exact subject with `*` in it
    // would turn into a pattern.
    const literalWildcard = sub.values.find((v) => PATTERN.test(keyOf(v)))
    if (sub.operator === 'StringEquals' && literalWildcard !== undefined) {
      error(
        `${what} requires the subject to be exactly "${shown(literalWildcard)}", \`*\` or \`?\` included; keyward would write it as a pattern, which matches more.`,
      )
      return undefined
    }
    if (sub.values.length === 0) {
      error(`${what} checks the subject against an empty list, which no token matches.`)
      return undefined
    }
    out.subjects = sub.values
  }
  return out
}

/**
 * `system:serviceaccount:NS:NAME` → `NS/NAME`, the manifest's `serviceAccounts` form, keeping
 * which parts came from variables; undefined when the subject is not plainly one.
 */
function serviceAccountOf(subject: TfString): TfString | undefined {
  const [head, ...tail] = subject.segments
  if (head?.kind !== 'text' || !head.text.startsWith(SERVICE_ACCOUNT)) return undefined
  const rest: Segment[] = [{ kind: 'text', text: head.text.slice(SERVICE_ACCOUNT.length) }, ...tail]
  // Kubernetes names hold neither `:` nor `/`; exactly one `:`, in written text, separates them.
  let colons = 0
  for (const segment of rest) {
    if (segment.kind === 'attr' || segment.kind === 'builtin') return undefined
    if (segment.text.includes('/')) return undefined
    const count = segment.text.split(':').length - 1
    if (segment.kind === 'var' && count > 0) return undefined
    colons += count
  }
  if (colons !== 1) return undefined
  const swapped = stringOf(
    rest.map((s) => (s.kind === 'text' ? { kind: 'text', text: s.text.replace(':', '/') } : s)),
  )
  const [namespace, name] = keyOf(swapped).split('/')
  return namespace && name ? swapped : undefined
}

function uniqueStrings(values: readonly TfString[]): TfString[] {
  const seen = new Set<string>()
  return values.filter((value) => {
    const key = keyOf(value)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
