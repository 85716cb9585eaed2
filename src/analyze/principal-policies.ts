/**
 * The policies that decide what one declared identity can do, gathered as IAM combines them: its
 * inline policy, the managed policies attached to it, and for a user those of its groups; its
 * permissions boundary caps them all. Each statement keeps the manifest line it came from, so a
 * proof can point at the statement that breaks it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html
 */
import type {
  ResolvedEnvironment,
  ResolvedIdentity,
  ResolvedPolicy,
  SourceLocation,
} from '../model/resolved.ts'
import { InternalError } from '../errors.ts'
import type { PolicySet } from '../policy/eval/authorize.ts'
import { parsePolicy, type Policy, type PolicyKind } from '../policy/eval/policy.ts'
import type { Located } from './check-result.ts'

export interface PrincipalPolicies {
  readonly set: PolicySet
  /** Attached policies keyward cannot read (AWS managed, or declared elsewhere), by ARN. */
  readonly unweighed: readonly string[]
  /** Where statement `index` of policy `name` was written. */
  locate(policy: string, index: number): Located | undefined
}

interface Labelled {
  readonly policy: Policy
  readonly label: string
  readonly sources: readonly SourceLocation[]
}

export function principalPolicies(
  env: ResolvedEnvironment,
  identity: ResolvedIdentity,
): PrincipalPolicies {
  const unweighed: string[] = []
  const byArn = new Map(env.policies.map((p) => [p.arn, p]))
  const own = (who: ResolvedIdentity, whose: string): Labelled[] => {
    const out: Labelled[] = []
    if (who.inlinePolicy !== undefined)
      out.push(labelled(who.inlinePolicy, `${who.id}/inline`, `the inline policy of ${whose}`))
    for (const ref of who.managedPolicies) {
      const declared = byArn.get(ref.arn)
      if (declared === undefined) unweighed.push(ref.arn)
      else out.push(labelled(declared.policy, `policy/${declared.id}`, `policy ${declared.id}`))
    }
    return out
  }
  const identityPolicies = own(identity, identity.id)
  const boundaries: Labelled[] = []
  if (identity.type === 'user') {
    for (const ref of identity.groups) {
      const group = env.identities.find((i) => i.id === ref.id)
      if (group !== undefined) identityPolicies.push(...own(group, `group ${group.id}`))
    }
  }
  if (identity.type !== 'group' && identity.permissionsBoundary !== undefined) {
    const declared = byArn.get(identity.permissionsBoundary)
    // A boundary only narrows: leaving an unreadable one out keeps every proof sound.
    if (declared !== undefined)
      boundaries.push(
        labelled(declared.policy, `boundary/${declared.id}`, `boundary ${declared.id}`, 'boundary'),
      )
  }
  const all = [...identityPolicies, ...boundaries]
  return {
    set: {
      identity: identityPolicies.map((l) => l.policy),
      ...(boundaries.length === 0 ? {} : { boundaries: boundaries.map((l) => l.policy) }),
    },
    unweighed: [...new Set(unweighed)],
    locate(policy, index) {
      const found = all.find((l) => l.policy.name === policy)
      const location = found?.sources[index]
      if (found === undefined || location === undefined) return undefined
      const sid = found.policy.statements[index]?.sid
      return {
        location,
        what: `${sid === undefined ? `statement ${index + 1}` : `statement ${sid}`} of ${found.label}`,
      }
    },
  }
}

function labelled(
  resolved: ResolvedPolicy,
  name: string,
  label: string,
  kind: PolicyKind = 'identity',
): Labelled {
  const parsed = parsePolicy(resolved.document, name, kind)
  // The manifest's own documents were validated when it loaded; an error here is keyward's bug.
  if (parsed.kind === 'error')
    throw new InternalError(`policy ${name} does not parse: ${parsed.errors[0]?.message ?? ''}`)
  return { policy: parsed.policy, label, sources: resolved.statementSources }
}
