import { partitionProblem } from '../../model/arn.ts'
import { PARTITION_HINT } from '../../policy/check-statement.ts'
import type { Path } from '../yaml-source.ts'
import { identitiesOf, type Rule, type RuleContext } from './context.ts'

const POLICY_ARN = /^arn:[a-z-]+:iam::(aws|\d{12}):policy\/.+$/

/** Managed policies and boundaries given by ARN must be policy ARNs of this partition. */
export const checkPolicyArns: Rule = (cx) => {
  for (const { identity, base } of identitiesOf(cx)) {
    identity.managedPolicies.forEach((ref, index) => {
      if (ref.id === undefined) checkPolicyArn(cx, ref.arn, [...base, 'managedPolicies', index])
    })
    if (identity.type !== 'group' && identity.permissionsBoundary !== undefined) {
      const declared = cx.spec.identities[identity.id]
      const byArn =
        declared?.type !== 'group' && declared?.permissionsBoundary?.startsWith('arn:') === true
      if (byArn) checkPolicyArn(cx, identity.permissionsBoundary, [...base, 'permissionsBoundary'])
    }
  }
}

function checkPolicyArn(cx: RuleContext, arn: string, path: Path): void {
  if (!POLICY_ARN.test(arn)) {
    cx.report({
      code: 'invalid-arn',
      path,
      message: `"${arn}" is not a managed policy ARN.`,
      hint: 'Managed policy ARNs look like `arn:aws:iam::aws:policy/ReadOnlyAccess` or `arn:aws:iam::111111111111:policy/name`.',
    })
    return
  }
  const wrong = partitionProblem(arn, cx.env.environment.partition)
  if (wrong !== undefined)
    cx.report({ code: 'wrong-partition', path, message: wrong, hint: PARTITION_HINT })
}
