/**
 * What an account really holds, shaped as an environment `check` can analyse: every user, group
 * and role with the policies AWS has on it — managed by keyward or not. A declared identity keeps
 * its logical id and its `never` assertions, so they are proven against the live policies. A live
 * document identical to the declared one keeps the manifest's lines (the fix starts there); one
 * that drifted, or that keyward does not manage, is located by its ARN instead (line 0).
 */
import type { AccountIam, ActualRole, ActualUser } from '../model/account-state.ts'
import type { PolicyDocument } from '../model/policy-document.ts'
import type {
  ManagedPolicyRef,
  ResolvedEnvironment,
  ResolvedIdentity,
  ResolvedManagedPolicy,
  ResolvedPolicy,
  SourceLocation,
} from '../model/resolved.ts'
import { TAG_ENV, TAG_ID, TAG_PROJECT } from '../model/tags.ts'
import { sameDocument } from '../policy/documents.ts'
import { parsePolicy } from '../policy/eval/policy.ts'

export interface LiveInput {
  /** The environment as the manifest declares it: ids, `never`s, and the account to read. */
  readonly declared: ResolvedEnvironment
  /** The manifest's other environments: their identities are theirs to check, not this one's. */
  readonly others: readonly ResolvedEnvironment[]
  readonly iam: AccountIam
  /**
   * `account` (the default): every identity the account holds. `managed`: only those the
   * manifest declares or keyward made for this environment — what apply would change, the other
   * side of `diff --account`.
   */
  readonly scope?: 'account' | 'managed'
}

/** A location in the account rather than in a file: reports show the ARN alone. */
export function accountLocation(arn: string): SourceLocation {
  return { file: arn, line: 0, column: 0 }
}

export function liveEnvironment(input: LiveInput): ResolvedEnvironment {
  const { declared, iam } = input
  const byArn = new Map(declared.identities.map((i) => [i.arn, i]))
  const elsewhere = new Set(input.others.flatMap((e) => e.identities.map((i) => i.arn)))
  const project = declared.project
  const env = declared.environment.name
  const owned = (tags: Readonly<Record<string, string>>) =>
    tags[TAG_PROJECT] === project && tags[TAG_ENV] === env
  const isOthers = (arn: string, tags: Readonly<Record<string, string>> = {}) =>
    !byArn.has(arn) &&
    (elsewhere.has(arn) ||
      (tags[TAG_PROJECT] === project && tags[TAG_ENV] !== env) ||
      (input.scope === 'managed' && !owned(tags)))

  const policies: ResolvedManagedPolicy[] = []
  const declaredPolicies = new Map(declared.policies.map((p) => [p.arn, p]))
  for (const actual of iam.policies) {
    const mine = declaredPolicies.get(actual.arn)
    const policy = livePolicy(actual.name, actual.document, actual.arn, mine?.policy)
    if (policy === undefined) continue
    policies.push({
      id: mine?.id ?? actual.name,
      name: actual.name,
      path: actual.path,
      arn: actual.arn,
      tags: {},
      policy,
      source: mine?.source ?? accountLocation(actual.arn),
      adopt: false,
    })
  }

  // Each inline policy becomes a policy of its own, so a finding names it as the console does.
  const attached: Attached = (who, kind, mine) => [
    ...Object.entries(who.inlinePolicies).map(([name, document]) => {
      const arn = `${who.arn}#inline/${name}`
      const known = mine?.inlinePolicy?.name === name ? mine.inlinePolicy : undefined
      const policy = livePolicy(name, document, who.arn, known)
      // An unreadable one stays attached, unweighed: the proofs that need it say unproven.
      if (policy !== undefined)
        policies.push({
          id: `${name} (inline, ${kind} ${who.name})`,
          name,
          path: '/',
          arn,
          tags: {},
          policy,
          source: accountLocation(who.arn),
          adopt: false,
        })
      return { arn }
    }),
    ...who.managedPolicies.map((arn) => ({ arn })),
  ]

  const groups = iam.groups
    .filter((g) => !isOthers(g.arn))
    .map((g): ResolvedIdentity => ({
      type: 'group',
      ...base(g, 'group', byArn.get(g.arn), attached),
    }))
  const groupIds = new Map(groups.map((g) => [g.name, g.id]))
  const users = iam.users
    .filter((u) => !isOthers(u.arn, u.tags))
    .map((u) => liveUser(u, byArn.get(u.arn), attached, groupIds))
  const roles = iam.roles
    .filter((r) => !isOthers(r.arn, r.tags))
    .map((r) => liveRole(r, byArn.get(r.arn), attached))
  return {
    project,
    environment: declared.environment,
    policies,
    identities: [...users, ...groups, ...roles],
  }
}

interface Holder {
  readonly name: string
  readonly arn: string
  readonly path: string
  readonly tags?: Readonly<Record<string, string>>
  readonly inlinePolicies: Readonly<Record<string, unknown>>
  readonly managedPolicies: readonly string[]
}

/** The policies on an identity, as references; inline ones are added to the environment's. */
type Attached = (
  who: Holder,
  kind: 'user' | 'group' | 'role',
  mine: ResolvedIdentity | undefined,
) => ManagedPolicyRef[]

function base(
  actual: Holder,
  kind: 'user' | 'group' | 'role',
  mine: ResolvedIdentity | undefined,
  attached: Attached,
) {
  return {
    // keyward's own tag names an identity it made that the manifest no longer declares.
    id: mine?.id ?? actual.tags?.[TAG_ID] ?? `${kind}/${actual.name}`,
    name: actual.name,
    path: actual.path,
    arn: actual.arn,
    never: mine?.never ?? [],
    source: mine?.source ?? accountLocation(actual.arn),
    adopt: false,
    managedPolicies: attached(actual, kind, mine),
  }
}

function liveUser(
  u: ActualUser,
  mine: ResolvedIdentity | undefined,
  attached: Attached,
  groupIds: ReadonlyMap<string, string>,
): ResolvedIdentity {
  const declared = mine?.type === 'user' ? mine : undefined
  return {
    type: 'user',
    ...base(u, 'user', mine, attached),
    tags: u.tags,
    ...(u.permissionsBoundary === undefined ? {} : { permissionsBoundary: u.permissionsBoundary }),
    groups: u.groups.map((name) => ({ id: groupIds.get(name) ?? `group/${name}`, name })),
    // Where its key lives and who reads it are the manifest's to say; the account cannot.
    ...(declared?.key === undefined ? {} : { key: declared.key }),
    consumers: declared?.consumers ?? [],
  }
}

function liveRole(
  r: ActualRole,
  mine: ResolvedIdentity | undefined,
  attached: Attached,
): ResolvedIdentity {
  const declared = mine?.type === 'role' ? mine : undefined
  const trust = asDocument(r.trustPolicy) ?? { Version: '2012-10-17', Statement: [] }
  // A trust as declared keeps the manifest's lines; one changed by hand is located by the ARN.
  const kept = declared !== undefined && sameDocument(declared.trustPolicy, r.trustPolicy)
  return {
    type: 'role',
    ...base(r, 'role', mine, attached),
    tags: r.tags,
    maxSessionDurationSeconds: r.maxSessionDuration,
    trustPolicy: kept ? declared.trustPolicy : trust,
    trustSources:
      kept && declared.trustSources !== undefined
        ? declared.trustSources
        : trust.Statement.map(() => accountLocation(r.arn)),
    ...(r.permissionsBoundary === undefined ? {} : { permissionsBoundary: r.permissionsBoundary }),
  }
}

/**
 * The live document, or the declared one when they read the same (so findings point at the
 * manifest). Undefined when IAM holds something the evaluator cannot read: the policy is then
 * left out, and every proof that depends on it says unproven rather than holds.
 */
function livePolicy(
  name: string,
  document: unknown,
  at: string,
  declared: ResolvedPolicy | undefined,
): ResolvedPolicy | undefined {
  if (declared !== undefined && sameDocument(declared.document, document)) return declared
  const shaped = asDocument(document)
  if (shaped === undefined || parsePolicy(shaped, name, 'identity').kind === 'error')
    return undefined
  return {
    name,
    document: shaped,
    statementSources: shaped.Statement.map(() => accountLocation(at)),
  }
}

const LISTS = ['Action', 'NotAction', 'Resource', 'NotResource'] as const

/** IAM's JSON with its single-value shorthands expanded to lists, as the manifest writes it. */
function asDocument(document: unknown): PolicyDocument | undefined {
  if (typeof document !== 'object' || document === null) return undefined
  const raw = (document as { Statement?: unknown }).Statement
  const list = Array.isArray(raw) ? (raw as unknown[]) : raw === undefined ? [] : [raw]
  const statements = list.map((s) => {
    if (typeof s !== 'object' || s === null) return s
    const out: Record<string, unknown> = { ...(s as Record<string, unknown>) }
    for (const key of LISTS) if (typeof out[key] === 'string') out[key] = [out[key]]
    return out
  })
  return { ...document, Statement: statements } as unknown as PolicyDocument
}
