import type { DiagnosticCode } from './diagnostic-codes.ts'

export type Severity = 'error' | 'warning'

/** A 1-based position range in a source file; `end*` is exclusive of the last column. */
export interface SourceSpan {
  readonly line: number
  readonly column: number
  readonly endLine: number
  readonly endColumn: number
}

/**
 * One finding about a manifest. Every diagnostic points at the exact place in the file a person
 * must edit, so editors and CI annotations can underline it.
 */
export interface Diagnostic extends SourceSpan {
  readonly code: DiagnosticCode
  readonly severity: Severity
  readonly message: string
  readonly file: string
  readonly hint?: string
  /** Set when the problem only exists after interpolating one environment's values. */
  readonly environment?: string
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error')
}

/** Orders diagnostics by file then position, so output is stable and reads top to bottom. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.file.localeCompare(b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    a.code.localeCompare(b.code) ||
    a.message.localeCompare(b.message)
  )
}
