/**
 * The runner's promises, written as `never` assertions in its own entry so that `keyward check`
 * proves them with keyward's evaluator on every change, not only when the role is rendered: a
 * later hand edit that lets the runner read a store, reach an unmanaged user or grant itself
 * more fails the check (KW001) at the line that did it.
 */
import { KEY_ACTIONS } from './operations.ts'

export interface NeverEntry {
  readonly actions: readonly string[]
  readonly resources?: readonly string[]
  readonly notResources?: readonly string[]
}

/** Every way to read a secret value or a parameter out of the two stores keyward writes. */
export const READ_ACTIONS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'ssm:GetParameterHistory',
] as const

/** Every way to change a secret value or a parameter, or which version of it is current. */
export const WRITE_ACTIONS = [
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecretVersionStage',
  'secretsmanager:CreateSecret',
  'ssm:PutParameter',
  'ssm:LabelParameterVersion',
] as const

/**
 * Ways to gain permissions it was not given: new principals, policies on existing ones, passing
 * or assuming a role, credentials for another principal, or opening a store's or a key's own
 * policy. The catalogues of escalation paths keyward's check follows (src/analyze/risk-catalog.ts)
 * start from these.
 */
export const ESCALATION_ACTIONS = [
  'iam:CreateUser',
  'iam:CreateRole',
  'iam:CreateGroup',
  'iam:AddUserToGroup',
  'iam:Put*Policy',
  'iam:Attach*Policy',
  'iam:CreatePolicy',
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:UpdateAssumeRolePolicy',
  'iam:*PermissionsBoundary',
  'iam:PassRole',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:CreateServiceSpecificCredential',
  'iam:ResetServiceSpecificCredential',
  'sts:AssumeRole',
  'secretsmanager:PutResourcePolicy',
  'secretsmanager:DeleteResourcePolicy',
  'kms:PutKeyPolicy',
  'kms:CreateGrant',
] as const

/**
 * The four promises: it reads no secret or parameter but its journal and its own stores (whose
 * key it creates anyway), changes none but those, acts on no user's keys but the users keyward
 * manages, and cannot escalate.
 */
export function runnerNever(
  stores: readonly string[],
  journal: string,
  users: readonly string[],
): NeverEntry[] {
  const own = [...stores, journal]
  return [
    { actions: [...READ_ACTIONS], notResources: own },
    { actions: [...WRITE_ACTIONS], notResources: own },
    { actions: [...KEY_ACTIONS], notResources: [...users] },
    { actions: [...ESCALATION_ACTIONS] },
  ]
}
