/**
 * keyward as a library: load and validate manifests, resolve them per environment to the exact
 * IAM documents keyward would create, read the IAM catalog, and plan and apply against an AWS
 * account — minting keys straight into their stores. The CLI is built on these.
 *
 * @example
 * ```ts
 * import { loadManifest } from 'keyward'
 * const result = await loadManifest({ file: 'keyward.yaml', text })
 * const dev = result.kind === 'valid' ? result.manifest.environments.get('dev') : undefined
 * const problems = result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`)
 * ```
 * @module
 */
export { loadManifest } from './manifest/load.ts'
export type { LoadOptions, LoadResult, Manifest, ManifestSource } from './manifest/load.ts'
export { manifestJsonSchema, SCHEMA_ID } from './manifest/json-schema.ts'
export type { ManifestSpec } from './manifest/spec/manifest.ts'

export { compareDiagnostics, hasErrors } from './model/diagnostic.ts'
export type { Diagnostic, Severity, SourceSpan } from './model/diagnostic.ts'
export { DIAGNOSTIC_CODES } from './model/diagnostic-codes.ts'
export type { DiagnosticCode } from './model/diagnostic-codes.ts'
export type {
  AssumeRoleTarget,
  Consumer,
  EnvironmentInfo,
  IdentityType,
  KeyFormat,
  KubernetesConsumer,
  ManagedPolicyRef,
  NeverAssertion,
  ResolvedEnvironment,
  ResolvedGroup,
  ResolvedIdentity,
  ResolvedKey,
  ResolvedManagedPolicy,
  ResolvedPolicy,
  ResolvedRole,
  ResolvedStore,
  ResolvedUser,
  RestartTarget,
  RoleOidcTrust,
  RotationPolicy,
  SecretsManagerStore,
  SourceLocation,
  SsmStore,
} from './model/resolved.ts'
export type {
  ConditionBlock,
  Effect,
  PolicyDocument,
  PolicyStatement,
  Principal,
} from './model/policy-document.ts'
export { policySize } from './model/policy-document.ts'
export { formatDuration, parseDuration } from './model/duration.ts'
export { partitionOf } from './model/arn.ts'
export { oidcProvidersOf } from './model/oidc-providers.ts'
export type { OidcProviderNeed, ThumbprintMismatch } from './model/oidc-providers.ts'

export { loadCatalog } from './policy/catalog.ts'
export type { ActionInfo, Catalog, ResourceTypeInfo, ServiceInfo } from './policy/catalog.ts'
export { lookupAction } from './policy/actions.ts'
export type { ActionLookup } from './policy/actions.ts'
export { checkStatement } from './policy/check-statement.ts'
export type { StatementFinding } from './policy/check-statement.ts'

export { resolvedToJson, RESOLVE_FORMAT } from './report/resolved.ts'

export type {
  AccountIam,
  AccountState,
  ActualGroup,
  ActualOidcProvider,
  ActualParameter,
  ActualPolicy,
  ActualRole,
  ActualSecret,
  ActualUser,
  Registry,
} from './model/account-state.ts'
export type { AccessKeyInfo, KeyPort, MintedKey } from './model/ports.ts'
export { Sensitive } from './model/sensitive.ts'
export { buildPlan } from './plan/build-plan.ts'
export type { PlanInput } from './plan/build-plan.ts'
export { hasChanges, PLAN_FORMAT } from './plan/plan.ts'
export type {
  Broadening,
  Conflict,
  Op,
  OpKind,
  Plan,
  PropertyDiff,
  ResourceKind,
} from './plan/plan.ts'
export type { Step, StepKind } from './plan/steps.ts'
export { scopeOf } from './plan/scope.ts'
export type { PlanScope } from './plan/scope.ts'
export { sweepDiffer, syntacticDiffer } from './plan/broadening.ts'
export type { PermissionChange, PermissionDiffer } from './plan/broadening.ts'
export type { ApplyEvent } from './plan/apply-events.ts'

export { actionTableFor, checkEnvironments, runCheck, servicesToLoad } from './analyze/check.ts'
export type { CheckInput } from './analyze/check.ts'
export { atLeast, CHECK_FORMAT, SEVERITIES as CHECK_SEVERITIES } from './analyze/check-result.ts'
export type {
  Assumer,
  AssumerKind,
  BlastRadius,
  CheckResult,
  EnvironmentCheck,
  Finding,
  FindingRule,
  IdentityCheck,
  Located,
  NeverProof,
  Reach,
  Severity as CheckSeverity,
  TrustDecision,
  TrustProbe,
} from './analyze/check-result.ts'
export { RULE_IDS } from './analyze/findings.ts'
export { auditKeys, MAX_KEY_AGE_DAYS, MAX_UNUSED_DAYS } from './analyze/key-audit.ts'
export type { AuditedIdentity, KeyAuditInput } from './analyze/key-audit.ts'
export { STATUS_FORMAT } from './analyze/status-result.ts'
export type { EnvironmentStatus, StatusResult } from './analyze/status-result.ts'
export type {
  Drift,
  IdentityStatus,
  KeyRole,
  KeyStatus,
  RotationStatus,
  UnmanagedUser,
} from './model/key-status.ts'
export { diffManifests, DIFF_FORMAT } from './analyze/diff.ts'
export { liveEnvironment, type LiveInput } from './analyze/live-environment.ts'
export type {
  DiffInput,
  DiffPair,
  DiffResult,
  EnvironmentDiff,
  IdentityDiff,
} from './analyze/diff.ts'
export { ESCALATION_PATHS } from './analyze/risk-catalog.ts'
export type { EscalationPath } from './analyze/risk-catalog.ts'
export { storeReaders, canRead } from './analyze/store-readers.ts'
export { renderKubernetes } from './k8s/render.ts'
export type { BootstrapSecret, KubernetesRender } from './k8s/render.ts'
export type { KubeObject, ObjectMeta } from './k8s/objects.ts'
export type { RenderProblem } from './k8s/problems.ts'
export type { ReaderLookup } from './k8s/reader-choice.ts'
export type { ConsumerRead } from './model/consumer-read.ts'
export { advise } from './manifest/advise.ts'
export type { Advice, AdviceKind, AdviseInput } from './manifest/advise.ts'
export { importTerraform } from './import/import-terraform.ts'
export type { ImportEnvironment, ImportInput, ImportResult } from './import/import-terraform.ts'
export { manifestYaml } from './import/manifest-yaml.ts'
export { loadHclParser } from './cli/hcl-parser.ts'
export type { TerraformRisk, RiskRule } from './import/risks.ts'
export type { ImportProblem, ParseHcl, SourceFile } from './import/terraform/config.ts'
export { ActionTable } from './policy/sweep/action-table.ts'
export { newlyAllowed } from './policy/sweep/sweep-diff.ts'
export type { AccessPair } from './policy/sweep/sweep-diff.ts'

export { AwsSession, isLoopback } from './aws/session.ts'
export type { ConnectionOptions } from './aws/session.ts'
export type { RoleToAssume } from './aws/assume-role.ts'
export { AccountLimiters } from './aws/account-limiters.ts'
export { writeLimits } from './aws/rate-limit.ts'
export type { Limiter, LimiterClock, RateLimit } from './aws/rate-limit.ts'
export { verifyAccount } from './aws/account.ts'
export { readAccountState } from './aws/read-state.ts'
export { readAccountIam } from './aws/read-account-iam.ts'
export { performStep } from './aws/perform.ts'
export { AwsKeyPort } from './aws/key-port.ts'
export { AwsError } from './aws/errors.ts'
export { mintKey } from './keys/mint.ts'
export type { MintEvent, MintRequest, MintResult } from './keys/mint.ts'
export { runPlan } from './apply/run.ts'
export type { ApplyResult, StepRunner } from './apply/run.ts'

export { InternalError, isKeywardError, KeywardError, UsageError } from './errors.ts'
export type { ErrorId, ErrorSource } from './errors.ts'
