/**
 * keyward as a library: load and validate manifests, resolve them per environment to the exact
 * IAM documents keyward would create, and read the IAM catalog. The CLI is built on these.
 *
 * @example
 * ```ts
 * import { loadManifest } from 'keyward'
 * const result = await loadManifest({ file: 'keyward.yaml', text })
 * if (result.kind === 'valid') console.log(result.manifest.environments.get('dev'))
 * else for (const d of result.diagnostics) console.error(`${d.file}:${d.line}:${d.column} ${d.message}`)
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

export { loadCatalog } from './policy/catalog.ts'
export type { ActionInfo, Catalog, ResourceTypeInfo, ServiceInfo } from './policy/catalog.ts'
export { lookupAction } from './policy/actions.ts'
export type { ActionLookup } from './policy/actions.ts'
export { checkStatement } from './policy/check-statement.ts'
export type { StatementFinding } from './policy/check-statement.ts'

export { resolvedToJson, RESOLVE_FORMAT } from './report/resolved.ts'

export { InternalError, isKeywardError, KeywardError, UsageError } from './errors.ts'
export type { ErrorId, ErrorSource } from './errors.ts'
