/**
 * Findings on one identity's effective permissions: the risk classes reviewers ask about
 * (privilege escalation, credentials exposure, data exfiltration, permissions management,
 * wildcards), each weighed on the resources the identity can actually reach — a credential
 * action on the identity's own user, or a read of one named secret, is not what a wildcard is.
 */
import type { ResolvedIdentity } from '../model/resolved.ts'
import { hasWildcard } from '../policy/glob.ts'
import type { ActionTable } from '../policy/sweep/action-table.ts'
import type { AllowedAction } from '../policy/sweep/sweep.ts'
import { isUnrestricted, levelOf } from './blast-radius.ts'
import type { Finding, FindingRule, Severity } from './check-result.ts'
import { locationsOf } from './grants.ts'
import type { PrincipalPolicies } from './principal-policies.ts'
import {
  CREDENTIALS_EXPOSURE,
  DATA_EXFILTRATION,
  ESCALATION_PATHS,
  SELF_BOUND_CREDENTIALS,
} from './risk-catalog.ts'

/** Each rule's stable id: reports, SARIF and suppressions refer to these, so they never change. */
export const RULE_IDS: Readonly<Record<FindingRule, string>> = {
  'never-violated': 'KW001',
  'privilege-escalation': 'KW101',
  'credentials-exposure': 'KW102',
  'data-exfiltration': 'KW103',
  'permissions-management': 'KW104',
  'wildcard-action': 'KW201',
  'wildcard-resource': 'KW202',
  'cross-environment': 'KW301',
  'could-be-role': 'KW401',
  'policy-not-weighed': 'KW501',
  'trust-any-subject': 'KW601',
  'trust-any-audience': 'KW602',
  'trust-broad-subject': 'KW603',
  'trust-namespace-subject': 'KW604',
  'trust-anyone': 'KW605',
  'trust-cross-account': 'KW606',
  // Found in Terraform by `keyward import terraform` (and `check DIR`), not in a manifest.
  'secret-in-state': 'KW701',
  'secret-in-config': 'KW702',
  'plaintext-parameter': 'KW703',
  'key-not-rotated': 'KW704',
  // Found in the account by `keyward status`: the access-key checks of CIS AWS Foundations.
  'key-too-old': 'KW801',
  'key-unused': 'KW802',
  'two-active-keys': 'KW803',
  'unmanaged-key': 'KW804',
}

export interface FindingInput {
  readonly environment: string
  readonly identity: ResolvedIdentity
  readonly policies: PrincipalPolicies
  readonly allowed: readonly AllowedAction[]
  readonly table: ActionTable
}

export type Draft = Omit<Finding, 'id' | 'environment' | 'identity' | 'fingerprint'> & {
  readonly subject: string
}

export function finding(environment: string, identity: string, draft: Draft): Finding {
  const { subject, ...rest } = draft
  return {
    id: RULE_IDS[draft.rule],
    environment,
    identity,
    ...rest,
    fingerprint: `${draft.rule}/${environment}/${identity}/${subject}`,
  }
}

export function identityFindings(input: FindingInput): Finding[] {
  const drafts = [
    ...escalation(input),
    ...listed(input, 'credentials-exposure', CREDENTIALS_EXPOSURE),
    ...listed(input, 'data-exfiltration', DATA_EXFILTRATION),
    ...permissionsManagement(input),
    ...wildcards(input),
    ...advice(input),
  ]
  return drafts.map((d) => finding(input.environment, input.identity.id, d))
}

function escalation(input: FindingInput): Draft[] {
  const byAction = new Map(input.allowed.map((a) => [a.action.toLowerCase(), a]))
  const out: Draft[] = []
  for (const path of ESCALATION_PATHS) {
    const reached = path.steps.map((step) => {
      const allowed = byAction.get(step.action.toLowerCase())
      if (allowed === undefined) return undefined
      // A step that must reach someone else does nothing through the identity's own ARN.
      const resources =
        step.reach === 'other'
          ? allowed.resources.filter((r) => r !== input.identity.arn)
          : allowed.resources
      return resources.length === 0 ? undefined : { allowed, resources }
    })
    if (reached.some((r) => r === undefined)) continue
    const steps = reached.flatMap((r) => (r === undefined ? [] : [r]))
    out.push({
      rule: 'privilege-escalation',
      severity: 'high',
      subject: path.id,
      title: `can escalate its privileges: ${path.name}`,
      detail: `${path.how} It holds ${steps.map((s) => `${s.allowed.action} on ${s.resources.join(', ')}`).join('; ')}.`,
      actions: steps.map((s) => s.allowed.action),
      resources: [...new Set(steps.flatMap((s) => s.resources))],
      locations: locationsOf(
        input.policies,
        steps.flatMap((s) => s.resources.map((r) => [s.allowed.action, r] as const)),
      ),
      link: path.link,
    })
  }
  return out
}

/** Listed risky actions: severe when unrestricted, noted when scoped to named resources. */
function listed(
  input: FindingInput,
  rule: 'credentials-exposure' | 'data-exfiltration',
  actions: readonly string[],
): Draft[] {
  const wanted = new Set(actions.map((a) => a.toLowerCase()))
  const all = input.allowed.filter((a) => wanted.has(a.action.toLowerCase()))
  const own = rule === 'credentials-exposure' ? all.filter(selfBound) : []
  const hits = all.filter((a) => !own.includes(a))
  const open = hits.filter((a) => unrestricted(input.table, a))
  const scoped = hits.filter((a) => !open.includes(a))
  const out: Draft[] = []
  if (own.length > 0) out.push(selfBoundDraft(input, own))
  const what =
    rule === 'credentials-exposure'
      ? {
          severity: 'high' as Severity,
          title: 'can obtain credentials',
          why: 'Each returns credentials (keys, tokens, passwords) for whatever it reaches; a leaked key becomes more keys.',
        }
      : {
          severity: 'medium' as Severity,
          title: 'can read data out',
          why: 'Each reads contents (objects, secret values, parameters) out of the account.',
        }
  if (open.length > 0) out.push(draftOf(input, rule, what.severity, 'unrestricted', open, what))
  // Scoped reads of named data are what readers are for; scoped credential actions still count.
  if (scoped.length > 0 && rule === 'credentials-exposure')
    out.push(draftOf(input, rule, 'low', 'scoped', scoped, what))
  return out
}

const SELF_BOUND = new Set(SELF_BOUND_CREDENTIALS.map((a) => a.toLowerCase()))
const selfBound = (a: AllowedAction) => SELF_BOUND.has(a.action.toLowerCase())

/** Tokens with the identity's own permissions: no wider reach, but a longer life than the key. */
function selfBoundDraft(input: FindingInput, hits: readonly AllowedAction[]): Draft {
  const actions = hits.map((h) => h.action)
  return {
    rule: 'credentials-exposure',
    severity: 'low',
    subject: 'own-permissions',
    title: `can mint tokens that carry its own permissions: ${actions.join(', ')}`,
    detail:
      'Such a token reaches no further than this identity does, but it outlives the credentials that minted it: deactivating or rotating a key does not revoke it (an ECR token lasts 12 hours, a session token up to 36). Keep only the ones a workload uses.',
    actions,
    resources: [...new Set(hits.flatMap((h) => h.resources))],
    locations: locationsOf(
      input.policies,
      hits.flatMap((h) => h.resources.map((r) => [h.action, r] as const)),
    ),
  }
}

function permissionsManagement(input: FindingInput): Draft[] {
  const hits = input.allowed.filter((a) => levelOf(a.accessLevel) === 'Permissions management')
  const open = hits.filter((a) => unrestricted(input.table, a))
  const scoped = hits.filter((a) => !open.includes(a))
  const what = {
    title: 'can change who has access',
    why: 'Permissions-management actions rewrite access itself: an object ACL can make data public, a policy can grant anyone anything.',
  }
  return [
    ...(open.length === 0
      ? []
      : [draftOf(input, 'permissions-management', 'high', 'unrestricted', open, what)]),
    ...(scoped.length === 0
      ? []
      : [draftOf(input, 'permissions-management', 'medium', 'scoped', scoped, what)]),
  ]
}

function draftOf(
  input: FindingInput,
  rule: FindingRule,
  severity: Severity,
  scope: 'unrestricted' | 'scoped',
  hits: readonly AllowedAction[],
  what: { readonly title: string; readonly why: string },
): Draft {
  const resources = [...new Set(hits.flatMap((h) => h.resources))]
  const on = scope === 'unrestricted' ? 'on any resource' : `on ${resources.join(', ')}`
  return {
    rule,
    severity,
    subject: scope,
    title: `${what.title} ${on}: ${hits.map((h) => h.action).join(', ')}`,
    detail: `${what.why}${scope === 'unrestricted' ? ' Narrow the resources to the ones this identity needs.' : ' Keep only the ones this identity needs.'}`,
    actions: hits.map((h) => h.action),
    resources,
    locations: locationsOf(
      input.policies,
      hits.flatMap((h) => h.resources.map((r) => [h.action, r] as const)),
    ),
  }
}

/** Statements whose Action or Resource is a wildcard, each pointed at once. */
function wildcards(input: FindingInput): Draft[] {
  const out: Draft[] = []
  for (const policy of input.policies.set.identity ?? []) {
    for (const s of policy.statements) {
      if (s.effect !== 'Allow') continue
      const at = input.policies.locate(policy.name, s.index)
      const locations = at === undefined ? [] : [at]
      const where = at?.what ?? `statement ${s.index + 1} of ${policy.name}`
      const wide = [...(s.actions ?? []).filter(hasWildcard), ...(s.notActions ?? [])]
      if (wide.length > 0) {
        out.push({
          rule: 'wildcard-action',
          severity: 'medium',
          subject: `${policy.name}#${s.index}/action`,
          title: `${where} grants actions by ${s.notActions === undefined ? 'wildcard' : 'NotAction'}: ${wide.join(', ')}`,
          detail:
            'A wildcard grants every action that matches it, including those AWS adds later. List the actions the identity uses.',
          actions: wide,
          resources: s.resources ?? [],
          locations,
        })
      }
      const typed = (s.actions ?? []).some((a) => hasResourceTypes(input.table, a))
      if ((s.resources ?? []).includes('*') && (typed || s.notActions !== undefined)) {
        out.push({
          rule: 'wildcard-resource',
          severity: 'medium',
          subject: `${policy.name}#${s.index}/resource`,
          title: `${where} applies to every resource ("Resource": "*")`,
          detail:
            'Actions that take a resource can be scoped to named ARNs; `*` also reaches resources of other teams and environments.',
          actions: s.actions ?? s.notActions ?? [],
          resources: ['*'],
          locations,
        })
      }
    }
  }
  return out
}

function advice(input: FindingInput): Draft[] {
  const out: Draft[] = []
  const identity = input.identity
  if (identity.type === 'user' && identity.key !== undefined && identity.consumers.length > 0) {
    const where = identity.consumers.map((c) => `${c.namespace}/${c.secret}`).join(', ')
    out.push({
      rule: 'could-be-role',
      severity: 'info',
      subject: 'kubernetes',
      title: 'could be a role: its key is read by Kubernetes workloads',
      detail: `Consumers ${where} run in Kubernetes; with the cluster's OIDC issuer, a role for their service account needs no long-lived key, no store and no rotation. \`keyward advise\` writes the role that replaces it.`,
      actions: [],
      resources: [],
      locations: [{ location: identity.source, what: `identity ${identity.id}` }],
    })
  }
  if (input.policies.unweighed.length > 0) {
    out.push({
      rule: 'policy-not-weighed',
      severity: 'info',
      subject: input.policies.unweighed.join(','),
      title: `attached policies keyward cannot read: ${input.policies.unweighed.join(', ')}`,
      detail:
        'Managed policies not declared in this manifest (AWS managed ones, or another stack’s) are not in the proofs: its never assertions are reported as unproven.',
      actions: [],
      resources: input.policies.unweighed,
      locations: [{ location: identity.source, what: `identity ${identity.id}` }],
    })
  }
  return out
}

function unrestricted(table: ActionTable, allowed: AllowedAction): boolean {
  const formats = table.get(allowed.action)?.formats ?? []
  // An action without resource types can only ever be granted on `*`: it is as wide as it gets.
  return formats.length === 0 || allowed.resources.some((r) => isUnrestricted(r, formats))
}

function hasResourceTypes(table: ActionTable, pattern: string): boolean {
  const set = table.expand(pattern)
  if (set.all) return true
  for (const id of set.ids) if ((table.actions[id]?.formats.length ?? 0) > 0) return true
  return false
}
