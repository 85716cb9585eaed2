/**
 * One differential case through both evaluators: keyward's `authorize` (strict mode) and
 * iam-simulate (Strict mode), used only as a test oracle through its public API.
 *
 * iam-simulate does not derive context keys from the caller, while AWS (and keyward) do. To
 * compare like with like, the oracle is handed the derived keys explicitly. They are computed
 * here from the caller's ARN, independently of keyward's own derivation, so a bug there still
 * shows up as a disagreement.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate'
import { authorize, type Decision, type PolicySet } from '../../src/policy/eval/authorize.ts'
import { parsePolicy, type Policy, type PolicyKind } from '../../src/policy/eval/policy.ts'
import type { ContextInput, DiffCase, PolicyDocument } from './cases.ts'

export type OracleDecision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied' | 'error'

export interface Outcome {
  readonly keyward: Decision
  readonly oracle: OracleDecision
  /** Why iam-simulate refused the case, when it did. */
  readonly oracleError?: string
}

export function agrees(outcome: Outcome): boolean {
  return outcome.keyward === outcome.oracle
}

function parsed(document: PolicyDocument, name: string, kind: PolicyKind): Policy {
  const result = parsePolicy(document, name, kind)
  if (result.kind === 'error') {
    throw new Error(`generated policy ${name} is invalid: ${JSON.stringify(result.errors)}`)
  }
  return result.policy
}

export function keywardDecision(c: DiffCase): Decision {
  const policies: PolicySet = {
    identity: c.identity.map((d, i) => parsed(d, `identity${i}`, 'identity')),
    ...(c.resourcePolicy === undefined
      ? {}
      : { resource: parsed(c.resourcePolicy, 'resource', 'resource') }),
    boundaries: c.boundary === undefined ? [] : [parsed(c.boundary, 'boundary', 'boundary')],
    scps: c.scps.map((level, l) => level.map((d, i) => parsed(d, `scp${l}.${i}`, 'scp'))),
    ...(c.session === undefined ? {} : { session: parsed(c.session, 'session', 'session') }),
  }
  return authorize({
    principal: c.principal,
    action: c.action,
    resource: c.resource,
    resourceAccount: c.resourceAccount,
    context: c.context,
    policies,
    mode: 'strict',
  }).decision
}

/**
 * The keys AWS fills in from the caller, per the global condition keys page: the principal's
 * ARN (a session's role ARN), its account, its type, and a user's name.
 */
export function derivedKeys(principal: string): ContextInput {
  const user = /^arn:aws:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(principal)
  if (user !== null) {
    return {
      'aws:PrincipalArn': principal,
      'aws:PrincipalAccount': user[1] ?? '',
      'aws:PrincipalType': 'User',
      'aws:username': user[2] ?? '',
    }
  }
  const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(principal)
  if (session !== null) {
    return {
      'aws:PrincipalArn': `arn:aws:iam::${session[1] ?? ''}:role/${session[2] ?? ''}`,
      'aws:PrincipalAccount': session[1] ?? '',
      'aws:PrincipalType': 'AssumedRole',
    }
  }
  return {}
}

/** The request's own context wins over derived keys; key names compare case-insensitively. */
export function oracleContext(c: DiffCase): ContextInput {
  const own = new Set(Object.keys(c.context).map((k) => k.toLowerCase()))
  const derived = Object.entries(derivedKeys(c.principal)).filter(
    ([key]) => !own.has(key.toLowerCase()),
  )
  return { ...Object.fromEntries(derived), ...c.context }
}

export function toSimulation(c: DiffCase): Simulation {
  return {
    request: {
      principal: c.principal,
      action: c.action,
      resource: { resource: c.resource, accountId: c.resourceAccount },
      contextVariables: oracleContext(c),
    },
    identityPolicies: c.identity.map((policy, i) => ({ name: `identity${i}`, policy })),
    serviceControlPolicies: c.scps.map((level, l) => ({
      orgIdentifier: `ou-level-${l}`,
      policies: level.map((policy, i) => ({ name: `scp${l}.${i}`, policy })),
    })),
    resourceControlPolicies: [],
    ...(c.resourcePolicy === undefined ? {} : { resourcePolicy: c.resourcePolicy }),
    ...(c.boundary === undefined
      ? {}
      : { permissionBoundaryPolicies: [{ name: 'boundary', policy: c.boundary }] }),
    ...(c.session === undefined ? {} : { sessionPolicy: c.session }),
  }
}

export async function oracleDecision(
  c: DiffCase,
): Promise<{ decision: OracleDecision; error?: string }> {
  const result = await runSimulation(toSimulation(c), { simulationMode: 'Strict' })
  if (result.resultType === 'error') {
    return { decision: 'error', error: JSON.stringify(result.errors) }
  }
  if (result.resultType === 'single') {
    const ignored = result.result.ignoredContextKeys ?? []
    // A dropped key would make the oracle answer a different question than keyward.
    if (ignored.length > 0) return { decision: 'error', error: `ignored keys ${ignored.join()}` }
  }
  return { decision: result.overallResult }
}

export async function runCase(c: DiffCase): Promise<Outcome> {
  const keyward = keywardDecision(c)
  const oracle = await oracleDecision(c)
  return {
    keyward,
    oracle: oracle.decision,
    ...(oracle.error === undefined ? {} : { oracleError: oracle.error }),
  }
}

/** What a report shows: everything needed to replay the case by hand. */
export function reproduction(c: DiffCase, outcome: Outcome): unknown {
  return {
    id: c.id,
    request: {
      principal: c.principal,
      action: c.action,
      resource: c.resource,
      resourceAccount: c.resourceAccount,
      context: c.context,
    },
    policies: {
      identity: c.identity,
      ...(c.resourcePolicy === undefined ? {} : { resource: c.resourcePolicy }),
      ...(c.boundary === undefined ? {} : { boundary: c.boundary }),
      ...(c.scps.length === 0 ? {} : { scps: c.scps }),
      ...(c.session === undefined ? {} : { session: c.session }),
    },
    keyward: outcome.keyward,
    iamSimulate: outcome.oracle,
    ...(outcome.oracleError === undefined ? {} : { oracleError: outcome.oracleError }),
  }
}
