/**
 * What `keyward import terraform` says: the problems that kept something from being imported
 * (each at its file:line), the findings — Terraform's own (KW7xx) and check's on the imported
 * manifest —, and the steps that hand ownership from Terraform to keyward.
 */
import type { CheckResult, Finding } from '../analyze/check-result.ts'
import type { ImportResult } from '../import/import-terraform.ts'
import type { Diagnostic } from '../model/diagnostic.ts'
import { locationText } from '../model/resolved.ts'
import { SEVERITY_STYLE } from './check-text.ts'
import { formatDiagnostic, plural } from './diagnostics.ts'
import type { Style } from './style.ts'

export const IMPORT_FORMAT = 'keyward.import/v1'

export interface ImportReport {
  readonly dir: string
  /** Where the manifest was written; undefined for standard output, null when not written. */
  readonly file: string | null | undefined
  readonly result: ImportResult
  readonly findings: readonly Finding[]
  readonly check: CheckResult | undefined
  readonly diagnostics: readonly Diagnostic[]
  readonly tool: 'terraform' | 'tofu'
}

function counts(result: ImportResult): string {
  const identities = Object.values(result.manifest['identities'] ?? {}) as { type?: string }[]
  const byType = (type: string) => identities.filter((i) => i.type === type).length
  const policies = Object.keys(result.manifest['policies'] ?? {}).length
  const stores = identities.filter((i) => (i as { key?: unknown }).key !== undefined).length
  return [
    plural(byType('user'), 'user'),
    plural(byType('group'), 'group'),
    plural(byType('role'), 'role'),
    plural(policies, 'managed policy', 'managed policies'),
    plural(stores, 'key store'),
  ].join(', ')
}

/** Shell-quoted addresses: `aws_iam_user.this["ci"]` must reach Terraform as one argument. */
function quoted(address: string): string {
  return `'${address.replace(/'/g, `'\\''`)}'`
}

export function handOver(report: ImportReport): string[] {
  const file = report.file ?? 'keyward.yaml'
  const envs = Object.keys(report.result.manifest['environments'] ?? {})
  const flags = envs.length === 1 ? [''] : envs.map((env) => ` --env ${env}`)
  return [
    ...flags.map(
      (env, i) =>
        `  ${i === 0 ? '1.' : '  '} keyward plan ${file}${env}${i === 0 ? '    every entry adopts: nothing is created, no key is minted' : ''}`,
    ),
    ...flags.map((env, i) => `  ${i === 0 ? '2.' : '  '} keyward apply ${file}${env}`),
    `  3. remove these from ${report.tool === 'tofu' ? 'OpenTofu' : 'Terraform'}'s state, and their blocks from the .tf files:`,
    ...report.result.claimed.map((address) => `       ${report.tool} state rm ${quoted(address)}`),
  ]
}

export function formatImport(report: ImportReport, style: Style): string {
  const { result } = report
  const lines = [
    `${style.bold('imported')} ${report.dir}: ${counts(result)}; environments ${Object.keys(result.manifest['environments'] ?? {}).join(', ')}`,
    report.file === null
      ? style.red('no manifest written: it would be incomplete (--partial writes it anyway)')
      : report.file === undefined
        ? style.dim('manifest written to standard output')
        : `manifest written to ${report.file}`,
  ]
  const errors = result.problems.filter((p) => p.severity === 'error')
  if (result.problems.length > 0) {
    lines.push('', style.bold(`problems (${plural(errors.length, 'error')})`))
    for (const p of result.problems) {
      const label = p.severity === 'error' ? style.red('error  ') : style.yellow('warning')
      lines.push(`  ${label} ${locationText(p.loc)}  ${p.message}`)
      if (p.hint !== undefined) lines.push(`          ${style.dim(`hint: ${p.hint}`)}`)
    }
  }
  // The manifest's own errors follow from the import's when there are any; shown alone otherwise.
  const invalid = errors.length > 0 ? [] : report.diagnostics.filter((d) => d.severity === 'error')
  if (invalid.length > 0) {
    lines.push('', style.bold('the manifest does not validate yet'))
    for (const d of invalid) lines.push(formatDiagnostic(d, undefined, style))
  }
  lines.push('', style.bold('findings'))
  if (report.findings.length === 0) lines.push(`  ${style.green('none')}`)
  for (const f of report.findings) {
    const label = style[SEVERITY_STYLE[f.severity]](f.severity.toUpperCase().padEnd(8))
    lines.push(`  ${label} ${f.id}  ${f.environment}/${f.identity}  ${f.title}`)
    for (const at of f.locations.slice(0, 3))
      lines.push(`           ${style.dim(`${locationText(at.location)}  ${at.what}`)}`)
  }
  if (report.findings.length > 0 && report.file !== null)
    lines.push(
      style.dim(
        `  \`keyward check ${report.file ?? 'keyward.yaml'}\` explains the manifest's; --json has every detail.`,
      ),
    )
  if (errors.length === 0 && invalid.length === 0)
    lines.push('', style.bold('hand over from Terraform'), ...handOver(report))
  else
    lines.push(
      '',
      style.red(
        `The import is incomplete: fix the ${plural(errors.length + invalid.length, 'error')} above (in the Terraform, or with --known / --link) and import again, or write what could be read with --partial and finish it by hand.`,
      ),
    )
  return `${lines.join('\n')}\n`
}

export function importJson(report: ImportReport) {
  return {
    format: IMPORT_FORMAT,
    dir: report.dir,
    file: report.file ?? null,
    manifest: report.result.manifest,
    sources: report.result.sources,
    problems: report.result.problems,
    diagnostics: report.diagnostics,
    findings: report.findings,
    stateRm: report.result.claimed.map((address) => `${report.tool} state rm ${quoted(address)}`),
    claimed: report.result.claimed,
  }
}
