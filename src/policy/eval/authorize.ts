/**
 * The decision AWS would make on one request, from all the policies that apply to it, following
 * the documented evaluation logic: an explicit deny anywhere wins; every SCP level must allow;
 * within an account an allow in an identity or a resource policy suffices, but boundaries and
 * session policies cap what identity policies (and grants to a role's ARN) give; across
 * accounts both the caller's identity policies and the resource policy must allow.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
import { RequestContext, type ContextMode, type ContextValues } from './context.ts'
import { and, not, or, type Formula } from './formula.ts'
import { principalMatch, type PrincipalMatch } from './match.ts'
import type { Policy, PolicyKind, Statement } from './policy.ts'
import { derivedContext, principalInfo, type PrincipalInfo } from './principal.ts'
import { statementApplies, type Target } from './statement.ts'

export interface PolicySet {
  readonly identity?: readonly Policy[]
  readonly resource?: Policy
  /** Each must allow; an IAM entity has at most one, but a sweep may intersect several. */
  readonly boundaries?: readonly Policy[]
  /** Organization levels, root first; every level must allow. */
  readonly scps?: readonly (readonly Policy[])[]
  readonly session?: Policy
}

export interface AuthorizationRequest {
  /** The caller's ARN: a user, a role session (or a role, standing for one), the account root. */
  readonly principal: string
  readonly action: string
  /** A resource ARN, or `*` for actions without resource types. */
  readonly resource: string
  readonly context?: ContextValues
  /** The resource's account, where its ARN does not say (S3). Unknown means the caller's. */
  readonly resourceAccount?: string
  readonly policies: PolicySet
  /** `strict` (default): missing keys are absent. `unknown`: they could be anything. */
  readonly mode?: ContextMode
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied' | 'AllowedIf'

/** A statement that decided the outcome. */
export interface Reason {
  readonly policyType: PolicyKind
  readonly policy: string
  readonly statement: number
  readonly sid?: string
  readonly effect: 'Allow' | 'Deny'
}

/** For an implicit deny: the layer that had no applicable allow. */
export type Gap =
  | { readonly layer: 'identity' | 'boundary' | 'session' | 'resource' }
  | { readonly layer: 'scp'; readonly level: number }

export interface AuthorizationResult {
  readonly decision: Decision
  readonly reasons: readonly Reason[]
  readonly gaps: readonly Gap[]
  /** For `AllowedIf`: what the unknown context must satisfy. */
  readonly condition?: Formula
}

interface Evaluated {
  readonly reason: Reason
  readonly formula: Formula
  readonly match?: PrincipalMatch
}

export function authorize(request: AuthorizationRequest): AuthorizationResult {
  const caller = principalInfo(request.principal)
  const context = new RequestContext(
    request.mode ?? 'strict',
    derivedContext(caller),
    request.context ?? {},
  )
  const target: Target = { action: request.action, resource: request.resource, context }
  const { policies } = request
  const bounded = (policies.boundaries ?? []).length > 0
  const evaluate = (policy: Policy): Evaluated[] => evaluatePolicy(policy, target, caller, bounded)
  const identity = (policies.identity ?? []).flatMap(evaluate)
  const resource = policies.resource === undefined ? [] : evaluate(policies.resource)
  const boundaries = (policies.boundaries ?? []).map(evaluate)
  const scps = (policies.scps ?? []).map((level) => level.flatMap(evaluate))
  const session = policies.session === undefined ? undefined : evaluate(policies.session)
  const everything = [
    ...identity,
    ...resource,
    ...boundaries.flat(),
    ...scps.flat(),
    ...(session ?? []),
  ]

  const deny = or(...everything.filter((e) => e.reason.effect === 'Deny').map((e) => e.formula))
  const allows = (list: readonly Evaluated[], matches?: readonly PrincipalMatch[]): Formula =>
    or(
      ...list
        .filter(
          (e) =>
            e.reason.effect === 'Allow' &&
            (matches === undefined || matches.includes(e.match ?? 'none')),
        )
        .map((e) => e.formula),
    )
  const scpOk = and(...scps.map((level) => allows(level)))
  const boundaryOk = and(...boundaries.map((b) => allows(b)))
  const sessionOk = session === undefined ? true : allows(session)
  // The root user needs no identity policy in its own account.
  const identityAllow = caller.type === 'Account' ? true : allows(identity)
  const direct = allows(resource, ['direct', 'anyone'])
  const viaRole = allows(resource, ['role'])
  const anyResource = allows(resource, ['direct', 'anyone', 'role', 'account'])
  const sameAccount = isSameAccount(request, caller)
  const capped = (grant: Formula): Formula =>
    caller.type === 'User' ? and(grant, boundaryOk) : and(grant, boundaryOk, sessionOk)
  const allow = sameAccount
    ? or(direct, capped(or(identityAllow, viaRole)))
    : and(anyResource, capped(identityAllow))
  const final = and(not(deny), scpOk, allow)

  if (final === true) {
    const granting = [...identity, ...resource].filter(
      (e) => e.reason.effect === 'Allow' && e.formula === true,
    )
    return { decision: 'Allowed', reasons: granting.map((e) => e.reason), gaps: [] }
  }
  if (deny === true) {
    const denying = everything.filter((e) => e.reason.effect === 'Deny' && e.formula === true)
    return { decision: 'ExplicitlyDenied', reasons: denying.map((e) => e.reason), gaps: [] }
  }
  if (final === false) {
    const gaps: Gap[] = []
    scps.forEach((level, index) => {
      if (allows(level) === false) gaps.push({ layer: 'scp', level: index })
    })
    if (sameAccount && or(direct, identityAllow, viaRole) === false)
      gaps.push({ layer: 'identity' })
    if (!sameAccount && identityAllow === false) gaps.push({ layer: 'identity' })
    if (!sameAccount && anyResource === false) gaps.push({ layer: 'resource' })
    if (boundaryOk === false) gaps.push({ layer: 'boundary' })
    if (sessionOk === false && caller.type !== 'User') gaps.push({ layer: 'session' })
    return { decision: 'ImplicitlyDenied', reasons: [], gaps }
  }
  return { decision: 'AllowedIf', reasons: [], gaps: [], condition: final }
}

function evaluatePolicy(
  policy: Policy,
  target: Target,
  caller: PrincipalInfo,
  bounded: boolean,
): Evaluated[] {
  return policy.statements.map((statement) => {
    const reason = reasonOf(policy, statement)
    const source = `${policy.name}#${statement.index}`
    if (policy.kind !== 'resource')
      return { reason, formula: statementApplies(statement, target, source) }
    const match = principalOf(statement, caller, bounded)
    const formula = match === 'none' ? false : statementApplies(statement, target, source)
    return { reason, formula, match }
  })
}

/** How the statement's Principal (or NotPrincipal) covers the caller. */
/**
 * How the statement's Principal (or NotPrincipal) covers the caller. A Deny with NotPrincipal
 * denies every principal that has a permissions boundary, whatever it lists.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
function principalOf(
  statement: Statement,
  caller: PrincipalInfo,
  bounded: boolean,
): PrincipalMatch {
  if (statement.principal !== undefined) return principalMatch(statement.principal, caller)
  if (statement.notPrincipal !== undefined) {
    if (statement.effect === 'Deny' && bounded) return 'anyone'
    return principalMatch(statement.notPrincipal, caller) === 'none' ? 'anyone' : 'none'
  }
  return 'none'
}

function reasonOf(policy: Policy, statement: Statement): Reason {
  return {
    policyType: policy.kind,
    policy: policy.name,
    statement: statement.index,
    ...(statement.sid === undefined ? {} : { sid: statement.sid }),
    effect: statement.effect,
  }
}

function isSameAccount(request: AuthorizationRequest, caller: PrincipalInfo): boolean {
  const fromArn = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(request.resource)?.[1]
  const account = request.resourceAccount ?? fromArn
  return account === undefined || caller.account === undefined || account === caller.account
}
