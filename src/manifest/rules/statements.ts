import type { PolicyStatement } from '../../model/policy-document.ts'
import { checkStatement, type StatementField } from '../../policy/check-statement.ts'
import type { Path } from '../yaml-source.ts'
import { identitiesOf, statementPath, type Rule, type RuleContext } from './context.ts'

const SPEC_KEY: Record<StatementField, string> = {
  Action: 'actions',
  NotAction: 'notActions',
  Resource: 'resources',
  NotResource: 'notResources',
}

/** Every statement — inline, managed and `never` — checked against the IAM catalog. */
export const checkStatements: Rule = (cx) => {
  for (const { identity, spec, base } of identitiesOf(cx)) {
    identity.inlinePolicy?.document.Statement.forEach((statement, index) => {
      report(cx, statement, statementPath(base, spec, index))
    })
    identity.never.forEach((never, index) => {
      const statement: PolicyStatement = {
        Effect: 'Allow',
        Action: never.actions,
        Resource: never.resources,
        ...(never.conditions === undefined ? {} : { Condition: never.conditions }),
      }
      report(cx, statement, [...base, 'never', index])
    })
  }
  for (const policy of cx.env.policies) {
    const spec = cx.spec.policies?.[policy.id]
    if (spec === undefined) continue
    policy.policy.document.Statement.forEach((statement, index) => {
      report(cx, statement, statementPath(['policies', policy.id], spec, index))
    })
  }
}

function report(cx: RuleContext, statement: PolicyStatement, path: Path): void {
  const partition = cx.env.environment.partition
  for (const finding of checkStatement(cx.catalog, statement, { partition })) {
    const hint = finding.hint === undefined ? {} : { hint: finding.hint }
    if (finding.at === 'condition-key') {
      cx.report({
        code: finding.code,
        path: [...path, 'conditions', finding.operator, finding.key],
        part: 'key',
        message: finding.message,
        ...hint,
      })
    } else if (finding.at === 'operator') {
      cx.report({
        code: finding.code,
        path: [...path, 'conditions', finding.operator],
        part: 'key',
        message: finding.message,
        ...hint,
      })
    } else {
      cx.report({
        code: finding.code,
        path: [...path, SPEC_KEY[finding.field], finding.index],
        message: finding.message,
        ...hint,
      })
    }
  }
}
