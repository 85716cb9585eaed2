/**
 * IAM policy JSON, spelled as AWS spells it, so a document can be sent to IAM unchanged.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */

export type Effect = 'Allow' | 'Deny'

/** Operator → condition key → values. Values are strings, as IAM compares them. */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>

export type Principal =
  | '*'
  | Readonly<{
      AWS?: readonly string[]
      Service?: readonly string[]
      Federated?: readonly string[]
    }>

export interface PolicyStatement {
  readonly Sid?: string
  readonly Effect: Effect
  readonly Principal?: Principal
  readonly Action?: readonly string[]
  readonly NotAction?: readonly string[]
  readonly Resource?: readonly string[]
  readonly NotResource?: readonly string[]
  readonly Condition?: ConditionBlock
}

export interface PolicyDocument {
  readonly Version: '2012-10-17'
  readonly Statement: readonly PolicyStatement[]
}

/**
 * The size IAM counts against its quotas: the document without insignificant whitespace.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
export function policySize(document: PolicyDocument): number {
  return JSON.stringify(document).length
}
