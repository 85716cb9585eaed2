/**
 * Who can assume a role: every Allow statement of its trust policy read as the principals it
 * names, the STS actions it grants and the conditions that narrow them — then confirmed with
 * keyward's own evaluator. Each declared principal must be allowed; a token for another subject,
 * namespace or audience, and a principal of another account, must be denied. Whatever the
 * evaluator allows beyond what the trust declares is a finding, with the manifest change that
 * closes it.
 *
 * - Trust policies and AssumeRole*: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html
 * - The OIDC keys `HOST:sub` and `HOST:aud`: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 * - AssumeRoleWithWebIdentity: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 * - IRSA trust, one service account per condition: https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 * - Another account, the confused deputy and sts:ExternalId: https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
import { DEFAULT_AUDIENCE } from '../model/oidc-providers.ts'
import type { ResolvedRole, SourceLocation } from '../model/resolved.ts'
import { parseOperator } from '../policy/condition-operators.ts'
import { authorize, type AuthorizationResult } from '../policy/eval/authorize.ts'
import { decide, formatFormula, type ConditionLeaf, type Formula } from '../policy/eval/formula.ts'
import { actionMatches } from '../policy/eval/match.ts'
import {
  parsePolicy,
  type ConditionTest,
  type Policy,
  type Statement,
} from '../policy/eval/policy.ts'
import type { Assumer, AssumerKind, Located, TrustProbe } from './check-result.ts'
import { finding, type Draft } from './findings.ts'
import {
  anyAudience,
  anyone,
  anySubject,
  broadSubject,
  crossAccount,
  namespaceSubject,
  PROBE_AUDIENCE,
  PROBE_NAME,
  PROBE_SUBJECT,
} from './trust-findings.ts'
import type { Finding } from './check-result.ts'

/** The STS actions a trust policy grants, in the order reports list them. */
export const ASSUME_ACTIONS = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithWebIdentity',
  'sts:AssumeRoleWithSAML',
  'sts:TagSession',
] as const

/** A subject no manifest declares: a service account in a namespace nobody uses. */
const PROBE_ACCOUNTS = ['999999999999', '888888888888', '777777777777'] as const

/**
 * Condition keys that narrow who the caller is: its organization, account or ARN, the resource
 * or account a service acts for, the external id a third party must present. A `*` or another
 * account's root with a condition on none of these still reaches whoever that principal is.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
const WHO_KEYS = new Set(
  [
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:SourceAccount',
    'aws:SourceArn',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:userid',
    'aws:username',
    'sts:ExternalId',
  ].map((k) => k.toLowerCase()),
)

/** Any principal of some account may call sts:* as far as its own account is concerned. */
const CALLER_ALLOWS = parsed({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['sts:*'], Resource: ['*'] }],
})

export interface TrustInput {
  readonly environment: string
  readonly role: ResolvedRole
}

export interface TrustCheck {
  /** Undefined when the trust policy is not one the evaluator can read (a live role's). */
  readonly assumers?: readonly Assumer[]
  readonly findings: readonly Finding[]
}

export function trustOf(input: TrustInput): TrustCheck {
  const { role } = input
  const read = parsePolicy(role.trustPolicy, `${role.id}/trust`, 'resource')
  if (read.kind === 'error') return { findings: [] }
  const trust = new TrustPolicy(role, read.policy)
  const assumers: Assumer[] = []
  const drafts: Draft[] = []
  for (const statement of read.policy.statements) {
    if (statement.effect !== 'Allow') continue
    const actions = ASSUME_ACTIONS.filter((a) => grants(statement, a))
    if (actions.length === 0) continue
    for (const entry of entriesOf(statement)) {
      const judged = judge(trust, statement, entry, actions)
      assumers.push(judged.assumer)
      drafts.push(...judged.drafts)
    }
  }
  const seen = new Set<string>()
  const findings = drafts
    .map((d) => finding(input.environment, role.id, d))
    .filter((f) => !seen.has(f.fingerprint) && seen.add(f.fingerprint))
  return { assumers, findings }
}

// ---------------------------------------------------------------------------------------------
// The trust policy, with what every probe needs

class TrustPolicy {
  readonly role: ResolvedRole
  readonly policy: Policy
  readonly account: string
  readonly partition: string
  /** An account the trust does not mention, for the principal of "another account". */
  readonly stranger: string
  private readonly cache = new Map<string, Asked>()

  constructor(role: ResolvedRole, policy: Policy) {
    this.role = role
    this.policy = policy
    const arn = /^arn:([^:]+):iam::(\d{12}):/.exec(role.arn)
    this.partition = arn?.[1] ?? 'aws'
    this.account = arn?.[2] ?? ''
    const text = JSON.stringify(role.trustPolicy)
    this.stranger =
      PROBE_ACCOUNTS.find((a) => a !== this.account && !text.includes(a)) ?? PROBE_ACCOUNTS[0]
  }

  /** Where statement `index` was written: its manifest entry, or the role itself. */
  locate(index: number): Located {
    const location: SourceLocation = this.role.trustSources?.[index] ?? this.role.source
    const sid = this.policy.statements[index]?.sid
    const name = sid === undefined ? `statement ${index + 1}` : `statement ${sid}`
    return { location, what: `${name} of the trust policy of ${this.role.id}` }
  }

  probe(
    kind: TrustProbe['probe'],
    principal: string,
    action: string,
    context: Readonly<Record<string, string>>,
    expected: TrustProbe['expected'],
  ): Asked {
    const key = JSON.stringify([kind, principal, action, context, expected])
    const cached = this.cache.get(key)
    if (cached !== undefined) return cached
    // Web identities and services bring no identity policy; a principal of an account needs
    // its own account's permission too, which that account's administrators can always give.
    const aws = /^arn:[^:]+:(iam|sts)::\d{12}:(root|user\/|role\/|assumed-role\/)/.test(principal)
    const result = authorize({
      principal,
      action,
      resource: this.role.arn,
      context,
      // Every key the probe does not set could hold anything: a proof about any token or caller.
      mode: 'unknown',
      policies: { ...(aws ? { identity: [CALLER_ALLOWS] } : {}), resource: this.policy },
    })
    const asked = probeOf(kind, principal, action, context, expected, result)
    this.cache.set(key, asked)
    return asked
  }
}

/** A probe, and whether it is allowed whoever the caller is (nothing about the caller to meet). */
interface Asked {
  readonly probe: TrustProbe
  readonly open: boolean
}

function probeOf(
  kind: TrustProbe['probe'],
  principal: string,
  action: string,
  context: Readonly<Record<string, string>>,
  expected: TrustProbe['expected'],
  result: AuthorizationResult,
): Asked {
  const reached = result.decision === 'Allowed' || result.decision === 'AllowedIf'
  const open =
    result.decision === 'Allowed' ||
    (result.condition !== undefined && reached && unconstrained(result.condition))
  // A token's other claims could meet any condition left, so a reached token probe is allowed;
  // a principal of another account is held back only by a condition on who it is.
  const allowed = kind === 'other-account' ? open : reached
  const ok = expected === 'denied' ? !allowed : reached
  const probe: TrustProbe = {
    probe: kind,
    principal,
    action,
    context,
    expected,
    decision: result.decision,
    ...(result.condition === undefined ? {} : { condition: formatFormula(result.condition) }),
    ok,
  }
  return { probe, open }
}

/** Whether some caller could meet the formula whoever it is: only conditions on who count. */
export function unconstrained(formula: Formula): boolean {
  return decide(formula, (leaf) => !narrowsWho(leaf))
}

function narrowsWho(leaf: ConditionLeaf): boolean {
  if (!WHO_KEYS.has(leaf.key.toLowerCase())) return false
  const operator = parseOperator(leaf.operator)
  // A negated test or an IfExists one also holds for callers outside the values it names.
  return (
    operator !== undefined &&
    operator.base !== 'Null' &&
    !operator.base.includes('Not') &&
    !operator.ifExists
  )
}

// ---------------------------------------------------------------------------------------------
// Statements, their principals, and the probes each gets

interface Entry {
  readonly kind: AssumerKind
  readonly principal: string
}

function entriesOf(statement: Statement): Entry[] {
  const set = statement.principal
  if (set === undefined) {
    // An Allow with NotPrincipal admits everyone it does not list.
    return statement.notPrincipal === undefined ? [] : [{ kind: 'everyone', principal: '*' }]
  }
  if (set.any) return [{ kind: 'everyone', principal: '*' }]
  return [
    ...set.federated.map((p): Entry => ({
      kind: p.includes(':saml-provider/') ? 'saml' : 'oidc',
      principal: p,
    })),
    ...set.aws.map((p): Entry => ({ kind: 'aws', principal: p })),
    ...set.service.map((p): Entry => ({ kind: 'service', principal: p })),
  ]
}

function grants(statement: Statement, action: string): boolean {
  const listed = (statement.actions ?? statement.notActions ?? []).some((p) =>
    actionMatches(p, action),
  )
  return statement.actions !== undefined ? listed : !listed
}

interface Judged {
  readonly assumer: Assumer
  readonly drafts: readonly Draft[]
}

function judge(
  trust: TrustPolicy,
  statement: Statement,
  entry: Entry,
  actions: readonly string[],
): Judged {
  const at = trust.locate(statement.index)
  const base = { kind: entry.kind, principal: entry.principal, actions, at }
  if (entry.kind === 'oidc') return judgeOidc(trust, statement, entry, base)
  const action =
    entry.kind === 'saml'
      ? 'sts:AssumeRoleWithSAML'
      : actions.includes('sts:AssumeRole')
        ? 'sts:AssumeRole'
        : (actions[0] ?? 'sts:AssumeRole')
  const conditions = statement.conditions.map(conditionText)
  const probes: TrustProbe[] = []
  const drafts: Draft[] = []
  const stranger = `arn:${trust.partition}:iam::${trust.stranger}:role/${PROBE_NAME}`
  if (entry.kind === 'saml' || entry.kind === 'service') {
    probes.push(trust.probe('declared', entry.principal, action, {}, 'allowed').probe)
  }
  if (entry.kind === 'aws') {
    const account = accountOf(entry.principal)
    const whole = account !== undefined && isAccount(entry.principal)
    // The account stands for any principal its administrators allow: probe one of them.
    const caller = whole
      ? `arn:${trust.partition}:iam::${account}:role/${PROBE_NAME}`
      : entry.principal
    const declared = trust.probe('declared', caller, action, {}, 'allowed')
    probes.push(declared.probe)
    if (whole && account !== trust.account && declared.open)
      drafts.push(crossAccount(trust, account, at))
  }
  const other = trust.probe('other-account', stranger, action, {}, 'denied').probe
  probes.push(other)
  // Only a `*` (or a NotPrincipal) can admit an account the trust never names; the finding goes
  // to that statement, not to every other one the same probe passes through.
  if (!other.ok && entry.kind === 'everyone') drafts.push(anyone(trust, entry.principal, at, other))
  const assumer = { ...base, subjects: [], audiences: [], conditions, ...verdictOf(probes) }
  return { assumer, drafts }
}

function judgeOidc(
  trust: TrustPolicy,
  statement: Statement,
  entry: Entry,
  base: Pick<Assumer, 'kind' | 'principal' | 'actions' | 'at'>,
): Judged {
  const host = hostOf(entry.principal)
  const subKey = `${host}:sub`
  const audKey = `${host}:aud`
  const pinned = (key: string) =>
    statement.conditions.filter((c) => c.key.toLowerCase() === key.toLowerCase() && positive(c))
  const subjects = [...new Set(pinned(subKey).flatMap((c) => c.values))]
  const audiences = [...new Set(pinned(audKey).flatMap((c) => c.values))]
  const conditions = statement.conditions
    .filter((c) => !pinned(subKey).includes(c) && !pinned(audKey).includes(c))
    .map(conditionText)
  const action = 'sts:AssumeRoleWithWebIdentity'
  const audience = audiences.find((a) => !/[*?]/.test(a)) ?? DEFAULT_AUDIENCE
  const ask = (
    kind: TrustProbe['probe'],
    sub: string,
    aud: string,
    expected: 'allowed' | 'denied',
  ) => trust.probe(kind, entry.principal, action, { [subKey]: sub, [audKey]: aud }, expected).probe
  const declared = subjects.length === 0 ? [PROBE_SUBJECT] : subjects.map(instance)
  const probes: TrustProbe[] = declared.map((sub) => ask('declared', sub, audience, 'allowed'))
  const drafts: Draft[] = []
  const at = base.at
  const wrongSubject = ask('other-subject', PROBE_SUBJECT, audience, 'denied')
  probes.push(wrongSubject)
  // The same service account name in a namespace nobody declared: `*/app` admits it.
  const elsewhere = otherNamespaces(subjects).map((sub) =>
    ask('other-namespace', sub, audience, 'denied'),
  )
  probes.push(...elsewhere)
  if (!wrongSubject.ok && subjects.length === 0) drafts.push(anySubject(trust, host, at))
  else if (!wrongSubject.ok || elsewhere.some((p) => !p.ok))
    drafts.push(broadSubject(trust, host, subjects, at))
  else {
    for (const namespace of namespacesOf(subjects)) {
      const sibling = ask(
        'other-service-account',
        `system:serviceaccount:${namespace}:${PROBE_NAME}`,
        audience,
        'denied',
      )
      probes.push(sibling)
      if (!sibling.ok) drafts.push(namespaceSubject(trust, namespace, subjects, at))
    }
  }
  const wrongAudience = ask(
    'other-audience',
    declared[0] ?? PROBE_SUBJECT,
    PROBE_AUDIENCE,
    'denied',
  )
  probes.push(wrongAudience)
  if (!wrongAudience.ok) drafts.push(anyAudience(trust, host, at))
  return { assumer: { ...base, subjects, audiences, conditions, ...verdictOf(probes) }, drafts }
}

function verdictOf(probes: readonly TrustProbe[]): Pick<Assumer, 'verdict' | 'probes'> {
  const verdict = probes.some((p) => !p.ok && p.expected === 'denied')
    ? 'wider'
    : probes.some((p) => !p.ok)
      ? 'unconfirmed'
      : 'confirmed'
  return { verdict, probes }
}

/** A positive test: it admits only the values it names (StringEquals, StringLike, …). */
function positive(test: ConditionTest): boolean {
  const { base } = test.operator
  return base !== 'Null' && !base.includes('Not') && base.startsWith('String')
}

function conditionText(test: ConditionTest): string {
  return `${test.text} ${test.key} [${test.values.join(', ')}]`
}

/** A concrete subject a pattern admits: its wildcards filled with the probe's name. */
function instance(pattern: string): string {
  return pattern.replaceAll('*', PROBE_NAME).replaceAll('?', 'k')
}

/** Each service account subject moved to a namespace of the probe's: its name, filled in. */
function otherNamespaces(subjects: readonly string[]): string[] {
  const out = new Set<string>()
  for (const s of subjects) {
    const name = /^system:serviceaccount:[^:]*:(.+)$/.exec(s)?.[1]
    if (name !== undefined) out.add(`system:serviceaccount:${PROBE_NAME}:${instance(name)}`)
  }
  return [...out]
}

/** The namespaces named literally by `system:serviceaccount:NS:…` subjects. */
function namespacesOf(subjects: readonly string[]): string[] {
  const out = new Set<string>()
  for (const s of subjects) {
    const ns = /^system:serviceaccount:([^:*?]+):/.exec(s)?.[1]
    if (ns !== undefined) out.add(ns)
  }
  return [...out]
}

/** `arn:…:oidc-provider/HOST` → HOST, the prefix of its condition keys; other names as they are. */
export function hostOf(provider: string): string {
  return /:oidc-provider\/(.+)$/.exec(provider)?.[1] ?? provider
}

function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal
  return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1]
}

function isAccount(principal: string): boolean {
  return /^\d{12}$/.test(principal) || /^arn:[^:]+:iam::\d{12}:root$/.test(principal)
}

function parsed(document: unknown): Policy {
  const read = parsePolicy(document, 'caller', 'identity')
  // A constant document: it always parses.
  return read.kind === 'ok' ? read.policy : { name: 'caller', kind: 'identity', statements: [] }
}
