/**
 * A role's trust policy (`assume_role_policy`) as the manifest's `trust`, when keyward's trust
 * builder would write back a policy that means the same: one statement for an OIDC issuer, one
 * allowing `sts:AssumeRole` to AWS principals, one to services (with `sts:TagSession` when EKS
 * Pod Identity is among them), `trust.conditions` applying to the last two alike. Anything else
 * is reported — what it is and why the manifest cannot say it — and no trust is guessed.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#term_trust-policy
 */
import type { DraftConditions, DraftTrust } from '../draft.ts'
import type { Loc, TfString } from '../terraform/value.ts'
import { draftConditions } from './conditions.ts'
import type { TrustContext } from './context.ts'
import type { JsonObject } from './decode.ts'
import { statementList } from './statement-list.ts'
import { oidcTrust } from './trust-oidc.ts'
import { trustStatement, type TrustStatement } from './trust-statement.ts'
import { keyOf } from './values.ts'

/** https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html */
const POD_IDENTITY = 'pods.eks.amazonaws.com'
const ASSUME_ROLE = 'sts:assumerole'
const TAG_SESSION = 'sts:tagsession'

/**
 * The trust of a role's assume-role policy document (see `decodePolicy`); `loc` is the
 * attribute's. Undefined having reported everything that keeps it from being written exactly.
 */
export function toTrust(document: JsonObject, loc: Loc, cx: TrustContext): DraftTrust | undefined {
  let errors = 0
  const counting: TrustContext = {
    template: (value, at) => cx.template(value, at),
    issuerOf: (value, at) => cx.issuerOf(value, at),
    report: (problem) => {
      if (problem.severity === 'error') errors++
      cx.report(problem)
    },
  }
  const listed = statementList(document, loc, counting, 'The trust policy')
  if (listed === undefined) return undefined
  if (listed.length === 0) {
    counting.report({
      severity: 'error',
      message: 'The trust policy has no statements: nobody may assume the role.',
      loc,
    })
    return undefined
  }
  const statements = listed.map(({ statement, loc: at }, index) =>
    trustStatement(statement, at, counting, `Trust statement ${index + 1}`),
  )
  const read = statements.filter((s) => s !== undefined)
  if (read.length < statements.length) return undefined
  const federated = read.filter((s) => s.federated.length > 0)
  const others = read.filter((s) => s.federated.length === 0)
  const oidc = federated.length === 0 ? undefined : oidcTrust(federated, loc, counting)
  const principals = others.length === 0 ? {} : principalTrust(others, counting)
  if (errors > 0 || (federated.length > 0 && oidc === undefined) || principals === undefined) {
    return undefined
  }
  const trust: DraftTrust = { ...(oidc === undefined ? {} : { oidc }), ...principals }
  if (trust.oidc === undefined && trust.aws === undefined && trust.services === undefined) {
    counting.report({
      severity: 'error',
      message: 'The trust policy names no principal: nobody may assume the role.',
      loc,
    })
    return undefined
  }
  return trust
}

/** `aws`, `services` and the `conditions` they share. */
function principalTrust(
  statements: readonly TrustStatement[],
  cx: TrustContext,
): Pick<DraftTrust, 'aws' | 'services' | 'conditions'> | undefined {
  const services = statements.flatMap((s) => s.services)
  const podIdentity = services.some((s) => keyOf(s) === POD_IDENTITY)
  let failed = false
  for (const statement of statements) {
    if (!actionsMatch(statement, podIdentity, cx)) failed = true
  }
  const conditions = sharedConditions(statements, cx)
  const aws = templates(
    statements.flatMap((s) => s.aws.map((v) => [v, s.loc] as const)),
    cx,
  )
  const service = templates(
    statements.flatMap((s) => s.services.map((v) => [v, s.loc] as const)),
    cx,
  )
  if (failed || conditions === null || aws === undefined || service === undefined) return undefined
  return {
    ...(aws.length === 0 ? {} : { aws }),
    ...(service.length === 0 ? {} : { services: service }),
    ...(conditions === undefined ? {} : { conditions }),
  }
}

/**
 * keyward allows AWS principals `sts:AssumeRole` and services `sts:AssumeRole` — plus
 * `sts:TagSession` for all of them when EKS Pod Identity is one, as Pod Identity requires.
 */
function actionsMatch(statement: TrustStatement, podIdentity: boolean, cx: TrustContext): boolean {
  const { what, loc } = statement
  const expected = new Map([[ASSUME_ROLE, 'sts:AssumeRole']])
  if (statement.services.length > 0 && podIdentity) expected.set(TAG_SESSION, 'sts:TagSession')
  const actual = new Set(statement.actions.map((a) => a.toLowerCase()))
  const extra = statement.actions.filter((a) => !expected.has(a.toLowerCase()))
  const missing = [...expected.keys()].filter((a) => !actual.has(a))
  const podsWithAws = podIdentity && statement.aws.length > 0 && statement.services.length > 0
  if (!podsWithAws && extra.length === 0 && missing.length === 0) return true
  const who = statement.aws.length > 0 ? 'AWS principals' : 'services'
  const message = podsWithAws
    ? `${what} trusts AWS principals and EKS Pod Identity together; keyward lets only the services tag sessions (sts:TagSession), so the AWS principals would lose that.`
    : extra.length > 0
      ? `${what} allows ${who} ${extra.join(', ')}; keyward’s trust allows them ${[...expected.values()].join(' and ')} only.`
      : missing.includes(TAG_SESSION)
        ? `${what} lets the services assume the role without sts:TagSession; with EKS Pod Identity among the services keyward adds sts:TagSession for them all, which allows more.`
        : `${what} does not allow sts:AssumeRole; keyward’s trust always does.`
  cx.report({
    severity: 'error',
    message,
    loc,
    hint: 'Write this role’s trust by hand, or change it in Terraform to the shape keyward writes and import again.',
  })
  return false
}

/**
 * `trust.conditions` applies to the AWS and service statements alike, so only conditions every
 * such statement has can be written; null when they differ (reported).
 */
function sharedConditions(
  statements: readonly TrustStatement[],
  cx: TrustContext,
): DraftConditions | undefined | null {
  const each = statements.map((s) =>
    s.condition === undefined ? undefined : draftConditions(s.condition, s.loc, cx),
  )
  if (statements.some((s, i) => s.condition !== undefined && each[i] === undefined)) return null
  const shapes = each.map(canonical)
  const differing = statements.find((_, i) => shapes[i] !== shapes[0])
  if (differing !== undefined) {
    cx.report({
      severity: 'error',
      message: `${differing.what} has other conditions than ${statements[0]?.what ?? 'the first'}; keyward applies one set of \`conditions\` to all the AWS and service statements of a trust.`,
      loc: differing.loc,
      hint: 'Split the role, or give every statement the same conditions in Terraform, then import again.',
    })
    return null
  }
  return each[0]
}

/** Conditions compare as IAM compares them: operator and key order, and value order, do not matter. */
function canonical(conditions: DraftConditions | undefined): string {
  if (conditions === undefined) return ''
  const sorted = Object.entries(conditions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([operator, keys]) => [
      operator,
      Object.entries(keys)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, values]) => [key, [...new Set(values)].sort()]),
    ])
  return JSON.stringify(sorted)
}

/** Each principal as a template, once. */
function templates(
  values: readonly (readonly [TfString, Loc])[],
  cx: TrustContext,
): string[] | undefined {
  const out: string[] = []
  let failed = false
  for (const [value, loc] of values) {
    const written = cx.template(value, loc)
    if (written === undefined) failed = true
    else if (!out.includes(written)) out.push(written)
  }
  return failed ? undefined : out
}
