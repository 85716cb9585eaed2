/**
 * The known differences between keyward and iam-simulate, and the judge that decides whether a
 * disagreement is one of them, a suspected keyward bug, or unexplained.
 */
import type { DiffCase, JsonValue, PolicyDocument, StatementDocument } from './cases.ts'
import {
  agrees,
  derivedKeys,
  keywardDecision,
  oracleContext,
  oracleDecision,
  runCase,
  type Outcome,
} from './oracle.ts'
import { isRecord, shrink } from './shrink.ts'

// ---------------------------------------------------------------------------------------------
// Known differences, each documented in docs/evaluator-differences.md with the AWS page that
// decides it (or, for `undecided`, the page that leaves it open). A disagreement is explained by
// one only if rewriting the case into an equivalent form that avoids the feature makes
// iam-simulate agree with keyward, while keyward's own answer does not move. A keyward bug
// cannot hide behind this: keyward would have to be wrong both before and after a rewrite that
// AWS's documentation says changes nothing.

export interface KnownDifference {
  readonly id: string
  readonly title: string
  /** Who AWS's documentation says is right; `undecided` where it says nothing either way. */
  readonly verdict: 'keyward' | 'undecided'
  /** The AWS page that decides who is right. */
  readonly doc: string
  /** The equivalent case without the feature iam-simulate gets wrong; undefined if not used. */
  readonly rewrite: (c: DiffCase) => DiffCase | undefined
}

/** A value no request carries and no pattern matches: what AWS calls "effectively null". */
const NULL_VALUE = 'keyward-differential-null-variable'
const NULL_ARN = `arn:aws:s3:::${NULL_VALUE}`

const VARIABLE = /\$\{([^}]*)\}/g
const ESCAPES = new Set(['*', '?', '$'])

type Resolved = { kind: 'value'; text: string } | { kind: 'null' } | { kind: 'escape' }

function resolver(c: DiffCase): (inner: string) => Resolved {
  const context = new Map(
    Object.entries(oracleContext(c)).map(([k, v]) => [k.toLowerCase(), v] as const),
  )
  return (inner) => {
    if (ESCAPES.has(inner)) return { kind: 'escape' }
    const comma = inner.indexOf(',')
    const key = (comma === -1 ? inner : inner.slice(0, comma)).trim().toLowerCase()
    const fallback = comma === -1 ? undefined : /^\s*'([^']*)'\s*$/.exec(inner.slice(comma + 1))
    const value = context.get(key)
    const single = Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value
    if (single !== undefined) return { kind: 'value', text: single }
    if (fallback?.[1] !== undefined) return { kind: 'value', text: fallback[1] }
    return { kind: 'null' }
  }
}

/** A variable's value stands for itself: its `*`, `?` and `$` are literal characters. */
function literal(text: string): string {
  return text.replace(/[*?$]/g, (ch) => `\${${ch}}`)
}

function mapStatements(
  c: DiffCase,
  change: (s: StatementDocument) => StatementDocument,
): DiffCase | undefined {
  const policy = (p: PolicyDocument): PolicyDocument => ({
    ...p,
    Statement: p.Statement.map(change),
  })
  const next: DiffCase = {
    ...c,
    identity: c.identity.map(policy),
    scps: c.scps.map((level) => level.map(policy)),
    ...(c.resourcePolicy === undefined ? {} : { resourcePolicy: policy(c.resourcePolicy) }),
    ...(c.boundary === undefined ? {} : { boundary: policy(c.boundary) }),
    ...(c.session === undefined ? {} : { session: policy(c.session) }),
  }
  return JSON.stringify(next) === JSON.stringify(c) ? undefined : next
}

function mapStrings(value: JsonValue, change: (s: string) => string): JsonValue {
  if (typeof value === 'string') return change(value)
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, change))
  return value
}

/** Where the resource part of an ARN pattern starts: after the fifth colon outside `${…}`. */
function resourcePartStart(pattern: string): number | undefined {
  let colons = 0
  for (let i = 0; i < pattern.length; i++) {
    if (pattern.startsWith('${', i)) {
      const close = pattern.indexOf('}', i)
      if (close === -1) return undefined
      i = close
    } else if (pattern[i] === ':' && ++colons === 5) return i + 1
  }
  return undefined
}

/** Resolves the variables in the resource part of a Resource or NotResource pattern. */
function resolveResourceVariables(c: DiffCase): DiffCase | undefined {
  const resolve = resolver(c)
  const pattern = (text: string): string => {
    const start = resourcePartStart(text)
    if (start === undefined) return text
    const tail = text.slice(start)
    // "the resource that includes a policy variable with no value will not match any resource"
    if ([...tail.matchAll(VARIABLE)].some((m) => resolve(m[1] ?? '').kind === 'null')) {
      return NULL_ARN
    }
    return (
      text.slice(0, start) +
      tail.replace(VARIABLE, (whole, inner: string) => {
        const r = resolve(inner)
        return r.kind === 'value' ? literal(r.text) : whole
      })
    )
  }
  return mapResources(c, pattern)
}

/** Rewrites every Resource and NotResource pattern of every statement. */
function mapResources(c: DiffCase, pattern: (text: string) => string): DiffCase | undefined {
  return mapStatements(c, (s) => {
    const out = { ...s }
    for (const element of ['Resource', 'NotResource']) {
      const value = s[element]
      if (value !== undefined) out[element] = mapStrings(value, pattern)
    }
    return out
  })
}

function mapConditions(
  c: DiffCase,
  change: (operator: string, key: string, value: string) => string,
): DiffCase | undefined {
  return mapStatements(c, (s) => {
    const condition = s['Condition']
    if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return s
    const next: Record<string, JsonValue> = {}
    for (const [operator, block] of Object.entries(condition)) {
      if (typeof block !== 'object' || block === null || Array.isArray(block)) {
        next[operator] = block
        continue
      }
      next[operator] = Object.fromEntries(
        Object.entries(block).map(([key, values]) => [
          key,
          mapStrings(values, (v) => change(operator, key, v)),
        ]),
      )
    }
    return { ...s, Condition: next }
  })
}

/** Condition values whose variable has no value become a value nothing equals or is like. */
function nullConditionVariables(c: DiffCase): DiffCase | undefined {
  const resolve = resolver(c)
  return mapConditions(c, (operator, _key, value) => {
    if (!/String|Arn/.test(operator)) return value
    const variables = [...value.matchAll(VARIABLE)].map((m) => resolve(m[1] ?? ''))
    if (!variables.some((r) => r.kind === 'null')) return value
    return /Arn/.test(operator) ? NULL_ARN : NULL_VALUE
  })
}

const DATE_KEYS = new Set(['aws:currenttime', 'aws:epochtime', 'aws:tokenissuetime'])

/** ISO 8601 or epoch seconds, as the Date operators accept, to one ISO form. */
function isoDate(text: string): string {
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text)
  return Number.isNaN(ms) ? text : new Date(ms).toISOString().replace('.000Z', 'Z')
}

function canonicalDates(c: DiffCase): DiffCase | undefined {
  const rewritten = mapConditions(c, (operator, _key, value) =>
    /^(For\w+:)?Date/.test(operator) ? isoDate(value) : value,
  )
  const context = Object.fromEntries(
    Object.entries(c.context).map(([k, v]) => [
      k,
      DATE_KEYS.has(k.toLowerCase()) && typeof v === 'string' ? isoDate(v) : v,
    ]),
  )
  const next = { ...(rewritten ?? c), context }
  return JSON.stringify(next) === JSON.stringify(c) ? undefined : next
}

/** Where `*`, `?` and `$` are plain characters anyway, the escapes can be written as them. */
function unescapeExactStrings(c: DiffCase): DiffCase | undefined {
  return mapConditions(c, (operator, _key, value) => {
    if (!/String(Not)?Equals/.test(operator)) return value
    const plain = value.replace(/\$\{([*?$])\}/g, '$1')
    return plain.includes('${') ? value : plain
  })
}

/** An IPv4 address without a prefix length is a /32 block, so write the /32 out. */
function explicitPrefix(c: DiffCase): DiffCase | undefined {
  return mapConditions(c, (operator, _key, value) =>
    /IpAddress/.test(operator) && /^\d+\.\d+\.\d+\.\d+$/.test(value) ? `${value}/32` : value,
  )
}

/** `0.0.0.0/0` as the two halves of the IPv4 space: the same addresses, another spelling. */
function splitAnyIpv4(c: DiffCase): DiffCase | undefined {
  return mapStatements(c, (s) => {
    const condition = s['Condition']
    if (!isRecord(condition)) return s
    const next: Record<string, JsonValue> = {}
    for (const [operator, block] of Object.entries(condition)) {
      next[operator] =
        /IpAddress/.test(operator) && isRecord(block)
          ? Object.fromEntries(
              Object.entries(block).map(([key, values]) => [
                key,
                (Array.isArray(values) ? values : [values]).flatMap((v) =>
                  v === '0.0.0.0/0' ? ['0.0.0.0/1', '128.0.0.0/1'] : [v],
                ),
              ]),
            )
          : block
    }
    return { ...s, Condition: next }
  })
}

function awsPrincipals(element: JsonValue | undefined): string[] {
  if (element === '*') return ['*']
  const aws = isRecord(element) ? element['AWS'] : undefined
  if (typeof aws === 'string') return [aws]
  return Array.isArray(aws) ? aws.filter((a): a is string => typeof a === 'string') : []
}

/**
 * Copies the resource policy's Allow statements that `grants` picks into the session policy.
 * When such a statement applies, the request is allowed through it anyway, so the only question
 * whose answer changes is whether the session policy caps that grant.
 */
function mirrorGrantsIntoSession(
  c: DiffCase,
  grants: (s: StatementDocument) => boolean,
): DiffCase | undefined {
  const account = derivedKeys(c.principal)['aws:PrincipalAccount']
  if (c.resourcePolicy === undefined || c.session === undefined) return undefined
  if (c.resourceAccount !== account) return undefined
  const mirrored = c.resourcePolicy.Statement.filter(
    (s) => s['Effect'] === 'Allow' && grants(s),
  ).map(({ Principal: _p, NotPrincipal: _n, Sid: _s, ...rest }) => rest)
  if (mirrored.length === 0) return undefined
  return { ...c, session: { ...c.session, Statement: [...c.session.Statement, ...mirrored] } }
}

/** The session's own ARN (not the role's). */
function namesCallerItself(c: DiffCase): (s: StatementDocument) => boolean {
  return (s) => awsPrincipals(s['Principal']).includes(c.principal)
}

/** `Principal: "*"`, `{"AWS": "*"}`, or a NotPrincipal that leaves the caller in. */
function namesEveryone(c: DiffCase): (s: StatementDocument) => boolean {
  const derived = derivedKeys(c.principal)
  const account = derived['aws:PrincipalAccount']
  const caller = [
    c.principal,
    derived['aws:PrincipalArn'],
    account,
    `arn:aws:iam::${typeof account === 'string' ? account : ''}:root`,
  ]
  return (s) => {
    if (awsPrincipals(s['Principal']).includes('*')) return true
    const not = s['NotPrincipal']
    return not !== undefined && !awsPrincipals(not).some((p) => caller.includes(p))
  }
}

/** Under keyward's reading, `ForAnyValue:…IfExists` on a missing key holds: drop the test. */
function dropForAnyValueIfExistsOnMissingKeys(c: DiffCase): DiffCase | undefined {
  const present = new Set(Object.keys(oracleContext(c)).map((k) => k.toLowerCase()))
  return mapStatements(c, (s) => {
    const condition = s['Condition']
    if (!isRecord(condition)) return s
    const next: Record<string, JsonValue> = {}
    for (const [operator, block] of Object.entries(condition)) {
      if (!/^ForAnyValue:.*IfExists$/.test(operator) || !isRecord(block)) {
        next[operator] = block
        continue
      }
      const kept = Object.entries(block).filter(([key]) => present.has(key.toLowerCase()))
      if (kept.length > 0) next[operator] = Object.fromEntries(kept)
    }
    const { Condition: _, ...rest } = s
    return Object.keys(next).length === 0 ? rest : { ...s, Condition: next }
  })
}

/**
 * Under keyward's reading, an action without resource types is requested on `*`, which no
 * ARN pattern covers: NotResource then always applies, unless it lists `*` itself.
 */
function settleNotResourceOnStar(c: DiffCase): DiffCase | undefined {
  if (c.resource !== '*') return undefined
  return mapStatements(c, (s) => {
    const not = s['NotResource']
    if (not === undefined) return s
    const { NotResource: _, ...rest } = s
    const patterns = Array.isArray(not) ? not : [not]
    return { ...rest, Resource: patterns.includes('*') ? NULL_ARN : '*' }
  })
}

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    id: 'resource-variable-without-slash',
    title: 'Policy variables in ARNs whose resource part has no slash (SNS, SQS)',
    verdict: 'keyward',
    doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-resourceelement',
    rewrite: resolveResourceVariables,
  },
  {
    id: 'null-variable-in-condition',
    title: 'A condition value whose variable has no value',
    verdict: 'keyward',
    doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value',
    rewrite: nullConditionVariables,
  },
  {
    id: 'escape-in-exact-string-operator',
    title: '${*}, ${?} and ${$} in StringEquals and its variants',
    verdict: 'keyward',
    doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-specialchars',
    rewrite: unescapeExactStrings,
  },
  {
    id: 'date-formats',
    title: 'Dates compared across ISO 8601 and epoch seconds',
    verdict: 'keyward',
    doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date',
    rewrite: canonicalDates,
  },
  {
    id: 'ipv4-zero-prefix',
    title: 'The IPv4 block 0.0.0.0/0',
    verdict: 'keyward',
    doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress',
    rewrite: splitAnyIpv4,
  },
  {
    id: 'ipv4-address-without-prefix',
    title: 'An IPv4 address without a prefix length, under NotIpAddress, for an IPv6 caller',
    verdict: 'keyward',
    doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress',
    rewrite: explicitPrefix,
  },
  {
    id: 'grant-to-caller-past-session-policy',
    title: "A resource policy naming the session's own ARN is not capped by the session policy",
    verdict: 'keyward',
    doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session',
    rewrite: (c) => mirrorGrantsIntoSession(c, namesCallerItself(c)),
  },
  {
    id: 'grant-to-everyone-past-session-policy',
    title: 'A resource policy granting to "*" (or by NotPrincipal), under a session policy',
    verdict: 'undecided',
    doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session',
    rewrite: (c) => mirrorGrantsIntoSession(c, namesEveryone(c)),
  },
  {
    id: 'foranyvalue-ifexists-missing-key',
    title: 'ForAnyValue:…IfExists on a missing key',
    verdict: 'undecided',
    doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html',
    rewrite: dropForAnyValueIfExistsOnMissingKeys,
  },
  {
    id: 'notresource-on-wildcard-only-action',
    title: 'NotResource for an action without resource types',
    verdict: 'undecided',
    doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html',
    rewrite: settleNotResourceOnStar,
  },
]

/** The known differences that explain a disagreement, joined with `+`; undefined if none. */
export async function classify(c: DiffCase, outcome: Outcome): Promise<string | undefined> {
  const explains = async (rewritten: DiffCase | undefined): Promise<boolean> => {
    if (rewritten === undefined || keywardDecision(rewritten) !== outcome.keyward) return false
    return (await oracleDecision(rewritten)).decision === outcome.keyward
  }
  for (const known of KNOWN_DIFFERENCES) {
    if (await explains(known.rewrite(c))) return known.id
  }
  // Several gaps at once: all applicable rewrites together, then without each one that is
  // not needed, so the category names only the gaps that matter.
  const applicable = KNOWN_DIFFERENCES.filter((k) => k.rewrite(c) !== undefined)
  const apply = (list: readonly KnownDifference[]): DiffCase | undefined => {
    let current = c
    for (const known of list) current = known.rewrite(current) ?? current
    return current === c ? undefined : current
  }
  if (applicable.length < 2 || !(await explains(apply(applicable)))) return undefined
  let needed = applicable
  for (const known of applicable) {
    const without = needed.filter((k) => k !== known)
    if (without.length > 0 && (await explains(apply(without)))) needed = without
  }
  return needed.map((k) => k.id).join('+')
}

// ---------------------------------------------------------------------------------------------
// Suspected keyward bugs. Never an explanation: a case that hits one still fails the test. They
// only name what the failure is, when rewriting the case into the form AWS documents makes
// keyward give iam-simulate's answer.

export interface SuspectedBug {
  readonly id: string
  readonly title: string
  readonly doc: string
  /** Where in src/policy/eval/ the behaviour lives. */
  readonly where: string
  /** The case as AWS documents it should be read, spelled so keyward reads it that way too. */
  readonly rewrite: (c: DiffCase) => DiffCase | undefined
}

/** A variable before the fifth colon is not substituted: its text stays, escaped as such. */
function literalVariablesBeforeResourcePart(c: DiffCase): DiffCase | undefined {
  const pattern = (text: string): string => {
    const start = resourcePartStart(text) ?? text.length
    const head = text
      .slice(0, start)
      .replace(VARIABLE, (whole, inner: string) => (ESCAPES.has(inner) ? whole : `\${$}{${inner}}`))
    return head + text.slice(start)
  }
  return mapResources(c, pattern)
}

/** With a boundary attached, a Deny with NotPrincipal denies everyone: Principal "*". */
function notPrincipalDenyAsEveryone(c: DiffCase): DiffCase | undefined {
  if (c.boundary === undefined || c.resourcePolicy === undefined) return undefined
  const statements = c.resourcePolicy.Statement.map((s) => {
    if (s['Effect'] !== 'Deny' || s['NotPrincipal'] === undefined) return s
    const { NotPrincipal: _, ...rest } = s
    return { ...rest, Principal: '*' }
  })
  const next = { ...c, resourcePolicy: { ...c.resourcePolicy, Statement: statements } }
  return JSON.stringify(next) === JSON.stringify(c) ? undefined : next
}

export const SUSPECTED_BUGS: readonly SuspectedBug[] = [
  {
    id: 'variable-before-resource-part',
    title: 'Policy variables are substituted in every ARN field, not only the resource part',
    doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-resourceelement',
    where: 'src/policy/eval/statement.ts resourceFormula (expand() over the whole pattern)',
    rewrite: literalVariablesBeforeResourcePart,
  },
  {
    id: 'notprincipal-deny-with-boundary',
    title: 'A Deny with NotPrincipal spares the listed principal even when it has a boundary',
    doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html',
    where: 'src/policy/eval/authorize.ts principalOf (NotPrincipal ignores boundaries)',
    rewrite: notPrincipalDenyAsEveryone,
  },
]

export type Verdict = 'explained' | 'keyward-bug' | 'unexplained'

export interface Finding {
  readonly verdict: Verdict
  /** A known difference's or suspected bug's id, or `keyward X, iam-simulate Y`. */
  readonly category: string
}

export async function judge(c: DiffCase, outcome: Outcome): Promise<Finding> {
  const explained = await classify(c, outcome)
  if (explained !== undefined) return { verdict: 'explained', category: explained }
  // A bug is named when reading the case as AWS documents it moves keyward's answer and leaves
  // no disagreement, or only documented ones. Several bugs may meet in one case.
  const fixes = async (rewritten: DiffCase | undefined): Promise<boolean> => {
    if (rewritten === undefined || keywardDecision(rewritten) === outcome.keyward) return false
    const after = await runCase(rewritten)
    if (after.oracle === 'error') return false
    return agrees(after) || (await classify(rewritten, after)) !== undefined
  }
  for (const bug of SUSPECTED_BUGS) {
    if (await fixes(bug.rewrite(c))) return { verdict: 'keyward-bug', category: bug.id }
  }
  const applicable = SUSPECTED_BUGS.filter((b) => b.rewrite(c) !== undefined)
  let all = c
  for (const bug of applicable) all = bug.rewrite(all) ?? all
  if (applicable.length > 1 && (await fixes(all))) {
    return { verdict: 'keyward-bug', category: applicable.map((b) => b.id).join('+') }
  }
  return {
    verdict: 'unexplained',
    category: `keyward ${outcome.keyward}, iam-simulate ${outcome.oracle}`,
  }
}

/** The smallest case with the same finding, for a report. */
export async function minimalExample(c: DiffCase, finding: Finding): Promise<DiffCase> {
  return shrink(c, async (candidate) => {
    const outcome = await runCase(candidate)
    if (agrees(outcome) || outcome.oracle === 'error') return false
    const again = await judge(candidate, outcome)
    return again.verdict === finding.verdict && again.category === finding.category
  })
}

// ---------------------------------------------------------------------------------------------
// A whole run

export interface CategoryTally {
  readonly finding: Finding
  count: number
  readonly first: DiffCase
}

export interface RunSummary {
  readonly seed: number
  readonly cases: number
  agreed: number
  /** Cases iam-simulate refused: a generator bug, since every case should be valid. */
  readonly oracleErrors: { readonly id: string; readonly error: string }[]
  /** `keyward/iam-simulate` decision pairs. */
  readonly decisions: Map<string, number>
  readonly categories: Map<string, CategoryTally>
}

export async function runDifferential(
  generate: (index: number) => DiffCase,
  seed: number,
  cases: number,
  progress?: (done: number, summary: RunSummary) => void,
): Promise<RunSummary> {
  const summary: RunSummary = {
    seed,
    cases,
    agreed: 0,
    oracleErrors: [],
    decisions: new Map(),
    categories: new Map(),
  }
  for (let index = 0; index < cases; index++) {
    const c = generate(index)
    const outcome = await runCase(c)
    const pair = `${outcome.keyward}/${outcome.oracle}`
    summary.decisions.set(pair, (summary.decisions.get(pair) ?? 0) + 1)
    if (outcome.oracle === 'error') {
      summary.oracleErrors.push({ id: c.id, error: outcome.oracleError ?? '' })
    } else if (agrees(outcome)) {
      summary.agreed++
    } else {
      const finding = await judge(c, outcome)
      const key = `${finding.verdict}: ${finding.category}`
      const tally = summary.categories.get(key)
      if (tally === undefined) summary.categories.set(key, { finding, count: 1, first: c })
      else tally.count++
    }
    if (progress !== undefined && (index + 1) % 10_000 === 0) progress(index + 1, summary)
  }
  return summary
}
