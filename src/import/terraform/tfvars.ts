/** `.tfvars` files: attributes whose values are literal expressions. */
import type { ParseHcl } from '../hcl/syntax.ts'
import type { ImportProblem, SourceFile } from './config.ts'
import { literalContext } from './context.ts'
import { evaluate } from './evaluate.ts'
import type { Loc, TfValue } from './value.ts'

export interface Tfvars {
  readonly values: Map<string, { value: TfValue; loc: Loc }>
  readonly problems: ImportProblem[]
}

/** The variable values a `.tfvars` (or `.tfvars.json`) file sets, and what is wrong with it. */
export function readTfvars(file: SourceFile, parse: ParseHcl): Tfvars {
  const parsed = parse(file)
  const problems: ImportProblem[] = parsed.errors.map((error) => ({
    severity: 'error',
    message: error.message,
    loc: error.loc,
  }))
  const ctx = literalContext('a .tfvars value', (problem) => problems.push(problem))
  const values = new Map<string, { value: TfValue; loc: Loc }>()
  for (const attribute of parsed.body.attributes) {
    values.set(attribute.name, { value: evaluate(attribute.expr, ctx), loc: attribute.loc })
  }
  for (const block of parsed.body.blocks) {
    problems.push({
      severity: 'error',
      message: `a .tfvars file sets values, not "${block.type}" blocks`,
      loc: block.loc,
    })
  }
  problems.sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column)
  return { values, problems }
}
