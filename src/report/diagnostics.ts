/**
 * Diagnostics for people (`file:line:col`, the source line, a caret under the exact span, the
 * hint) and for machines (a stable JSON shape).
 */
import type { Diagnostic } from '../model/diagnostic.ts'
import type { Style } from './style.ts'

/** Renders one diagnostic; `source` is the file's text, for the code frame. */
export function formatDiagnostic(d: Diagnostic, source: string | undefined, style: Style): string {
  const severity =
    d.severity === 'error' ? style.red(style.bold('error')) : style.yellow(style.bold('warning'))
  const lines = [
    `${style.bold(`${d.file}:${d.line}:${d.column}`)} ${severity} ${style.dim(d.code)}`,
  ]
  lines.push(`  ${d.message}`)
  const frame = source === undefined ? [] : codeFrame(source, d, style)
  lines.push(...frame)
  if (d.hint !== undefined) lines.push(`  ${style.cyan('hint:')} ${d.hint}`)
  if (d.environment !== undefined) lines.push(`  ${style.dim(`in environment ${d.environment}`)}`)
  return lines.join('\n')
}

function codeFrame(source: string, d: Diagnostic, style: Style): string[] {
  const text = source.split(/\r?\n/)[d.line - 1]
  if (text === undefined) return []
  const number = String(d.line)
  const gutter = ' '.repeat(number.length)
  const start = Math.max(1, d.column)
  const end = d.endLine === d.line ? Math.max(d.endColumn, start + 1) : text.length + 1
  const width = Math.max(1, Math.min(end, text.length + 1) - start)
  const marker = d.severity === 'error' ? style.red : style.yellow
  return [
    `  ${style.dim(`${number} |`)} ${text}`,
    `  ${style.dim(`${gutter} |`)} ${' '.repeat(start - 1)}${marker('^'.repeat(width))}`,
  ]
}

export function summarize(diagnostics: readonly Diagnostic[]): {
  errors: number
  warnings: number
} {
  const errors = diagnostics.filter((d) => d.severity === 'error').length
  return { errors, warnings: diagnostics.length - errors }
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`
}
