/**
 * One condition test (`operator key values`) against the request context. Values of one key
 * are OR-ed; keys and operators are AND-ed by the caller. A key the request lacks makes a test
 * false — except negated operators, `…IfExists`, `ForAllValues:` and `Null`, which AWS defines
 * to hold then. An unknown key leaves the test undecided, as a formula.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import type { RequestContext } from './context.ts'
import type { ConditionLeaf, Formula } from './formula.ts'
import { comparisonOf } from './operators.ts'
import type { ConditionTest } from './policy.ts'
import { expand, type Part } from './variables.ts'

export function evaluateTest(
  test: ConditionTest,
  context: RequestContext,
  source: string,
): Formula {
  const leaf: ConditionLeaf = {
    kind: 'condition',
    operator: test.text,
    key: test.key,
    values: test.values,
    source,
  }
  const { base, ifExists, qualifier } = test.operator
  const found = context.lookup(test.key)
  if (found.kind === 'unknown') return leaf
  const present = found.kind === 'present' && found.values.length > 0
  if (base === 'Null') {
    // `Null: true` holds when the key is absent, `Null: false` when it is present.
    return test.values.some((v) => v.toLowerCase() === (present ? 'false' : 'true'))
  }
  const comparison = comparisonOf(base)
  if (!present) {
    if (ifExists || qualifier === 'ForAllValues') return true
    if (qualifier === 'ForAnyValue') return false
    return comparison.negated
  }
  const policy: (readonly Part[])[] = []
  for (const value of test.values) {
    const expanded = expand(value, context, comparison.wildcards)
    if (expanded.kind === 'unknown') return leaf
    if (expanded.kind === 'ok') policy.push(expanded.parts)
  }
  const matches = (request: string): boolean => policy.some((p) => comparison.compare(p, request))
  const request = found.values
  switch (qualifier) {
    case 'ForAnyValue':
      return comparison.negated ? request.some((r) => !matches(r)) : request.some(matches)
    case 'ForAllValues':
      return comparison.negated ? request.every((r) => !matches(r)) : request.every(matches)
    default:
      return comparison.negated ? !request.some(matches) : request.some(matches)
  }
}
