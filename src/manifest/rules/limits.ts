import { policySize } from '../../model/policy-document.ts'
import {
  GROUPS_PER_USER,
  INLINE_POLICY_LIMIT,
  MANAGED_POLICIES_PER_IDENTITY,
  MANAGED_POLICY_LIMIT,
  TRUST_POLICY_LIMIT,
} from '../../policy/iam-limits.ts'
import { identitiesOf, type Rule } from './context.ts'

const fmt = (n: number): string => n.toLocaleString('en-US')

/** IAM quotas that would make `apply` fail halfway, caught before anything is created. */
export const checkLimits: Rule = (cx) => {
  for (const { identity, spec, base } of identitiesOf(cx)) {
    const inline = identity.inlinePolicy
    const limit = INLINE_POLICY_LIMIT[identity.type]
    if (inline !== undefined && policySize(inline.document) > limit) {
      cx.report({
        code: 'policy-too-large',
        path: [...base, spec.allow === undefined ? 'deny' : 'allow'],
        part: 'key',
        message: `The inline policy of ${identity.type} \`${identity.id}\` is ${fmt(policySize(inline.document))} characters; IAM allows ${fmt(limit)} for a ${identity.type}’s inline policies.`,
        hint: 'Move statements into a managed policy under `policies` and list it in `managedPolicies`.',
      })
    }
    if (identity.type === 'role' && policySize(identity.trustPolicy) > TRUST_POLICY_LIMIT) {
      cx.report({
        code: 'policy-too-large',
        path: [...base, 'trust'],
        part: 'key',
        message: `The trust policy of role \`${identity.id}\` is ${fmt(policySize(identity.trustPolicy))} characters; the default IAM quota is ${fmt(TRUST_POLICY_LIMIT)}.`,
        hint: 'Use a `*` pattern for service accounts, or ask AWS to raise the quota (up to 4,096).',
      })
    }
    if (identity.type === 'user' && identity.groups.length > GROUPS_PER_USER) {
      cx.report({
        code: 'too-many-groups',
        path: [...base, 'groups'],
        part: 'key',
        message: `User \`${identity.id}\` is in ${identity.groups.length} groups; IAM allows ${GROUPS_PER_USER}.`,
      })
    }
    const attached = identity.managedPolicies.length
    if (attached > MANAGED_POLICIES_PER_IDENTITY) {
      cx.report({
        code: 'too-many-managed-policies',
        path: [...base, 'managedPolicies'],
        part: 'key',
        message: `${attached} managed policies exceed the default IAM quota of ${MANAGED_POLICIES_PER_IDENTITY} per ${identity.type}.`,
        hint: 'Ask AWS to raise the quota (up to 20), or merge policies.',
      })
    }
  }
  for (const policy of cx.env.policies) {
    const size = policySize(policy.policy.document)
    if (size > MANAGED_POLICY_LIMIT) {
      cx.report({
        code: 'policy-too-large',
        path: ['policies', policy.id],
        part: 'key',
        message: `Managed policy \`${policy.id}\` is ${fmt(size)} characters; IAM allows ${fmt(MANAGED_POLICY_LIMIT)}.`,
        hint: 'Split it into two policies.',
      })
    }
  }
}
