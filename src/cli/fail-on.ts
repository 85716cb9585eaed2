/**
 * `--fail-on SEVERITY`, shared by the commands that report findings (check, import, status): the
 * exit status a CI job fails on, distinct from the errors' 1–3.
 */
import { atLeast, SEVERITIES, type Finding, type Severity } from '../analyze/check-result.ts'
import { UsageError } from '../errors.ts'
import { EXIT } from './exit.ts'

/** Exit status when findings reach the `--fail-on` severity. */
export const EXIT_FINDINGS = 4

export function failOnOf(text: string | undefined, fallback: Severity | 'none'): Severity | 'none' {
  if (text === undefined) return fallback
  if (text === 'none' || (SEVERITIES as readonly string[]).includes(text))
    return text as Severity | 'none'
  throw new UsageError(
    'usage',
    `--fail-on takes a severity, got "${text}".`,
    `One of: ${[...SEVERITIES].reverse().join(', ')}, none.`,
  )
}

/** EXIT_FINDINGS when any finding reaches the threshold, else success. */
export function findingsExit(
  findings: readonly Pick<Finding, 'severity'>[],
  failOn: Severity | 'none',
): number {
  if (failOn === 'none') return EXIT.ok
  return findings.some((f) => atLeast(f.severity, failOn)) ? EXIT_FINDINGS : EXIT.ok
}
