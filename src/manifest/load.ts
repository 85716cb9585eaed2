/**
 * From manifest text to a validated, resolved model — or the complete list of what is wrong.
 * Phases run in order (YAML, schema, references, IAM rules) and a phase with errors stops the
 * next, so a typo in one key never cascades into a page of follow-on errors.
 */
import { compareDiagnostics, hasErrors, type Diagnostic } from '../model/diagnostic.ts'
import { defaultSeverity } from '../model/diagnostic-codes.ts'
import {
  environmentDocuments,
  type ResolvedEnvironment,
  type SourceLocation,
} from '../model/resolved.ts'
import { servicePatternsOf } from '../policy/actions.ts'
import { loadCatalog, type Catalog } from '../policy/catalog.ts'
import { buildEnvironment } from './build/environment.ts'
import { EnvironmentResolver, RESERVED_NAMES, type ResolveIssue } from './resolve/resolver.ts'
import type { RuleContext } from './rules/context.ts'
import { checkPolicyArns } from './rules/arns.ts'
import { checkConsumers } from './rules/consumers.ts'
import { checkDuplicates } from './rules/duplicates.ts'
import { checkKeys } from './rules/key.ts'
import { checkLimits } from './rules/limits.ts'
import { checkNames } from './rules/names.ts'
import { checkStatements } from './rules/statements.ts'
import { checkTrust } from './rules/trust.ts'
import { INVALID, type Issue } from './schema/core.ts'
import { manifest as manifestSchema, type ManifestSpec } from './spec/manifest.ts'
import { parseYaml, type Path, type YamlProblem, type YamlSource } from './yaml-source.ts'

export interface ManifestSource {
  /** Shown in diagnostics; usually the path the user typed. */
  readonly file: string
  readonly text: string
}

export interface Manifest {
  readonly file: string
  readonly spec: ManifestSpec
  /** Every environment, resolved, in the order the manifest declares them. */
  readonly environments: ReadonlyMap<string, ResolvedEnvironment>
  readonly catalogVersion: string
}

export type LoadResult =
  | {
      readonly kind: 'valid'
      readonly manifest: Manifest
      readonly diagnostics: readonly Diagnostic[]
    }
  | { readonly kind: 'invalid'; readonly diagnostics: readonly Diagnostic[] }

export interface LoadOptions {
  /** Supplies the IAM catalog; defaults to the bundled iam-data. */
  readonly catalog?: (servicePatterns: Iterable<string>) => Promise<Catalog>
}

const RULES = [
  checkNames,
  checkDuplicates,
  checkStatements,
  checkLimits,
  checkTrust,
  checkPolicyArns,
  checkKeys,
  checkConsumers,
]

/**
 * Validates and resolves a manifest. Never throws for a bad manifest: every problem comes back
 * as a diagnostic with the file, line and column to fix.
 */
export async function loadManifest(
  source: ManifestSource,
  options: LoadOptions = {},
): Promise<LoadResult> {
  const parsed = parseYaml(source.text)
  if (parsed.source === undefined) return invalid(syntaxDiagnostics(source, parsed.problems))
  const yaml = parsed.source
  const toDiagnostic = (issue: ResolveIssue, environment?: string): Diagnostic =>
    diagnosticOf(yaml, source.file, issue, environment)

  if (yaml.root() === null) {
    return invalid([
      toDiagnostic({
        code: 'missing-key',
        path: [],
        message: 'The manifest is empty.',
        hint: 'A manifest needs `version: 1`, `project`, `environments` and `identities`; see examples/ for complete ones.',
      }),
    ])
  }
  const schemaIssues: Issue[] = []
  const spec = manifestSchema.read(
    yaml.root(),
    { source: yaml, report: (i) => schemaIssues.push(i) },
    [],
  )
  if (spec === INVALID || schemaIssues.length > 0) {
    return invalid(schemaIssues.map((i) => toDiagnostic(i)))
  }

  const specIssues = reservedVariables(spec)
  const perEnvironment: Diagnostic[] = []
  const environments = new Map<
    string,
    { env: ResolvedEnvironment; resolver: EnvironmentResolver }
  >()
  const locate = (path: Path): SourceLocation => {
    const span = yaml.span(path, 'key')
    return { file: source.file, line: span.line, column: span.column }
  }
  for (const name of Object.keys(spec.environments)) {
    const report = (issue: ResolveIssue): void =>
      void perEnvironment.push(toDiagnostic(issue, name))
    const resolver = new EnvironmentResolver(spec, name, report)
    const env = buildEnvironment({ spec, resolver, report, locate })
    if (env !== undefined) environments.set(name, { env, resolver })
  }
  const envCount = Object.keys(spec.environments).length
  const early = [
    ...specIssues.map((i) => toDiagnostic(i)),
    ...mergeEnvironments(perEnvironment, envCount),
  ]
  if (hasErrors(early)) return invalid(early)

  const catalog = await (options.catalog ?? loadCatalog)(servicesUsed(environments.values()))
  for (const [name, { env, resolver }] of environments) {
    const cx: RuleContext = {
      spec,
      env,
      catalog,
      report: (issue) => void perEnvironment.push(toDiagnostic(issue, name)),
      resolve: (text, path) => resolver.template(text, { path }, { policyVariables: true }),
    }
    for (const rule of RULES) rule(cx)
  }
  const diagnostics = [
    ...specIssues.map((i) => toDiagnostic(i)),
    ...mergeEnvironments(perEnvironment, envCount),
  ]
  diagnostics.sort(compareDiagnostics)
  if (hasErrors(diagnostics)) return { kind: 'invalid', diagnostics }
  return {
    kind: 'valid',
    diagnostics,
    manifest: {
      file: source.file,
      spec,
      environments: new Map([...environments].map(([name, { env }]) => [name, env])),
      catalogVersion: catalog.dataVersion,
    },
  }
}

const FLOW_HINT =
  'Inside `[…]` and `{…}`, YAML reads `{` and `}` as structure: quote values that contain `${…}`, e.g. `["arn:aws:s3:::${bucket}/*"]`.'

/**
 * Only the first syntax error: after it the parser misreads the rest of the file, and its later
 * complaints are echoes that send people to the wrong lines.
 */
function syntaxDiagnostics(source: ManifestSource, problems: readonly YamlProblem[]): Diagnostic[] {
  const [first] = problems
  if (first === undefined) return []
  const text = source.text.split(/\r?\n/)[first.span.line - 1] ?? ''
  const flow = text.includes('${') && /[[{]/.test(text.replace(/\$\{[^}]*\}/g, ''))
  return [
    {
      code: 'yaml-syntax',
      severity: 'error',
      message: problem(first.message, problems.length),
      file: source.file,
      ...first.span,
      ...(flow ? { hint: FLOW_HINT } : {}),
    },
  ]
}

function problem(message: string, count: number): string {
  return count > 1
    ? `${message} Fix this first: until then the rest of the file cannot be read reliably.`
    : message
}

function invalid(diagnostics: Diagnostic[]): LoadResult {
  return { kind: 'invalid', diagnostics: diagnostics.sort(compareDiagnostics) }
}

function diagnosticOf(
  yaml: YamlSource,
  file: string,
  issue: ResolveIssue,
  environment: string | undefined,
): Diagnostic {
  const within = issue.start !== undefined && issue.part !== 'key'
  const span = within
    ? yaml.spanWithin(issue.path, issue.start ?? 0, issue.end ?? 0)
    : yaml.span(issue.path, issue.part)
  return {
    code: issue.code,
    severity: defaultSeverity(issue.code),
    message: issue.message,
    file,
    ...span,
    ...(issue.hint === undefined ? {} : { hint: issue.hint }),
    ...(environment === undefined ? {} : { environment }),
  }
}

/**
 * The same problem found in several environments is one diagnostic; it names its environments
 * only when it does not occur in all of them.
 */
function mergeEnvironments(
  diagnostics: readonly Diagnostic[],
  environmentCount: number,
): Diagnostic[] {
  const groups = new Map<string, { diagnostic: Diagnostic; environments: Set<string> }>()
  for (const d of diagnostics) {
    const key = [d.code, d.line, d.column, d.endLine, d.endColumn, d.message].join('\u0000')
    const group = groups.get(key) ?? { diagnostic: d, environments: new Set<string>() }
    if (d.environment !== undefined) group.environments.add(d.environment)
    groups.set(key, group)
  }
  return [...groups.values()].map(({ diagnostic, environments }) => {
    const { environment: _environment, ...rest } = diagnostic
    return environments.size === 0 || environments.size === environmentCount
      ? rest
      : { ...rest, environment: [...environments].join(', ') }
  })
}

function reservedVariables(spec: ManifestSpec): Issue[] {
  const issues: Issue[] = []
  const check = (vars: Readonly<Record<string, string>> | undefined, path: Path): void => {
    for (const name of Object.keys(vars ?? {})) {
      if (!RESERVED_NAMES.has(name)) continue
      issues.push({
        code: 'reserved-variable',
        path: [...path, name],
        part: 'key',
        message: `\`${name}\` is a built-in name and cannot be a variable.`,
        hint: 'Built-ins: `${env}`, `${region}`, `${account}`, `${partition}`, `${project}`. Pick another name.',
      })
    }
  }
  check(spec.vars, ['vars'])
  for (const [name, env] of Object.entries(spec.environments))
    check(env.vars, ['environments', name, 'vars'])
  return issues
}

function servicesUsed(environments: Iterable<{ env: ResolvedEnvironment }>): Set<string> {
  const actions: string[] = []
  for (const { env } of environments) {
    for (const document of environmentDocuments(env)) {
      for (const s of document.Statement) {
        actions.push(...(s.Action ?? []), ...(s.NotAction ?? []))
        // A condition key of another service (kms:ViaService) needs that service's keys loaded.
        for (const keys of Object.values(s.Condition ?? {})) actions.push(...Object.keys(keys))
      }
    }
    for (const identity of env.identities)
      for (const never of identity.never) actions.push(...never.actions)
  }
  return servicePatternsOf(actions)
}
