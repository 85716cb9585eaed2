/**
 * What an expression is evaluated against: the names in scope (for-expression variables,
 * `each`, `count`, a dynamic block's iterator) and the module that resolves everything else.
 */
import type { Step } from '../hcl/syntax.ts'
import type { ImportProblem } from './config.ts'
import type { Loc, TfValue } from './value.ts'

/** A reference resolved by its module: the value and how many of the steps it consumed. */
export interface Resolved {
  readonly value: TfValue
  readonly consumed: number
}

export interface Resolver {
  /**
   * The value of a reference starting with `name` (`var`, `local`, `module`, `data`, a resource
   * type…), consuming as many of `steps` as it needs; the evaluator applies the rest.
   */
  reference(name: string, steps: readonly Step[], loc: Loc, ctx: EvalContext): Resolved
  problem(problem: ImportProblem): void
}

export interface EvalContext {
  readonly resolver: Resolver
  readonly bindings: ReadonlyMap<string, TfValue>
}

export function withBindings(ctx: EvalContext, entries: Iterable<[string, TfValue]>): EvalContext {
  const bindings = new Map(ctx.bindings)
  for (const [name, value] of entries) bindings.set(name, value)
  return { resolver: ctx.resolver, bindings }
}

/**
 * A context where nothing can be referenced: variable defaults, `.tfvars` values and type
 * defaults must be literal. `where` completes "… cannot refer to var.x here: …".
 */
export function literalContext(
  where: string,
  problem: (problem: ImportProblem) => void,
): EvalContext {
  return {
    bindings: new Map(),
    resolver: {
      reference: (name, _steps, loc) => {
        const message = `${where} cannot refer to ${name}`
        problem({ severity: 'error', message, loc })
        return { value: { kind: 'unknown', reason: message, loc }, consumed: 0 }
      },
      problem,
    },
  }
}
