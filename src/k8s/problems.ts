import type { SourceLocation } from '../model/resolved.ts'

/**
 * Something that keeps an object from being rendered (error), or that a person should know about
 * what is rendered (warning). Each points at the manifest line to change.
 */
export interface RenderProblem {
  readonly severity: 'error' | 'warning'
  readonly message: string
  readonly hint?: string
  readonly at: SourceLocation
}
