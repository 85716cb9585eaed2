/**
 * Risks found in Terraform as check findings (KW7xx), so `import terraform` and `check DIR`
 * report them through check's text, JSON, SARIF and HTML alike.
 */
import type { Finding } from '../analyze/check-result.ts'
import { RULE_IDS } from '../analyze/findings.ts'
import type { TerraformRisk } from '../import/risks.ts'

export function riskFindings(risks: readonly TerraformRisk[]): Finding[] {
  return risks.map((risk) => {
    const environment = risk.environments.join(',')
    const identity = risk.identity ?? risk.address
    return {
      id: RULE_IDS[risk.rule],
      rule: risk.rule,
      severity: risk.severity,
      environment,
      identity,
      title: risk.title,
      detail: risk.detail,
      actions: [],
      resources: [],
      locations: risk.locations.map(({ loc, what }) => ({ location: loc, what })),
      fingerprint: `${risk.rule}/${environment}/${risk.address}`,
    }
  })
}
