/**
 * What an import finds wrong in the Terraform itself, beyond what `check` proves of the manifest:
 * access-key secrets sitting in state, credentials written in the configuration, keys nobody
 * rotates. The CLI turns these into check findings (KW7xx), so they share check's reports.
 */
import type { Loc } from './terraform/value.ts'

export type RiskRule =
  | 'secret-in-state'
  | 'secret-in-config'
  | 'plaintext-parameter'
  | 'key-not-rotated'
  | 'could-be-role'

export type RiskSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info'

export interface RiskLocation {
  readonly loc: Loc
  /** What is there, e.g. `aws_iam_access_key.uploader_key`. */
  readonly what: string
}

export interface TerraformRisk {
  readonly rule: RiskRule
  readonly severity: RiskSeverity
  /** The environments it was found in. */
  readonly environments: readonly string[]
  /** The logical id of the identity concerned in the imported manifest, when there is one. */
  readonly identity?: string
  /** The Terraform address the finding is about. */
  readonly address: string
  readonly title: string
  readonly detail: string
  readonly locations: readonly RiskLocation[]
}

export const RISK_SEVERITY: Readonly<Record<RiskRule, RiskSeverity>> = {
  'secret-in-state': 'critical',
  'secret-in-config': 'critical',
  'plaintext-parameter': 'high',
  'key-not-rotated': 'medium',
  'could-be-role': 'info',
}
