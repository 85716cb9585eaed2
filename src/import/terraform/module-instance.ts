/**
 * One instance of a module (the root, or a `module` block's instance): it resolves the references
 * made inside it, evaluating variables, locals and outputs on demand, each once.
 */
import type { Step } from '../hcl/syntax.ts'
import type { EvalContext, Resolved, Resolver } from './context.ts'
import type { ImportProblem } from './config.ts'
import type { ModuleCallDecl, ModuleDecls } from './declarations.ts'
import { evaluate } from './evaluate.ts'
import { resolveReference } from './references.ts'
import type { Session } from './session.ts'
import { failure } from './value-ops.ts'
import type { Loc, TfValue } from './value.ts'
import { childVariable, rootVariable } from './variables.ts'

/** Where a child module is called from: the caller, its `module` block and the instance's names. */
export interface CallSite {
  readonly caller: ModuleInstance
  readonly decl: ModuleCallDecl
  readonly bindings: readonly [string, TfValue][]
}

export class ModuleInstance implements Resolver {
  readonly session: Session
  readonly decls: ModuleDecls
  /** Relative to the root; `''` for the root. */
  readonly dir: string
  /** `''` for the root, else e.g. `module.outer.module.inner["a"]`. */
  readonly address: string
  /** Module call names from the root. */
  readonly path: readonly string[]
  readonly site: CallSite | undefined

  constructor(
    session: Session,
    decls: ModuleDecls,
    dir: string,
    address: string,
    path: readonly string[],
    site?: CallSite,
  ) {
    this.session = session
    this.decls = decls
    this.dir = dir
    this.address = address
    this.path = path
    this.site = site
  }

  /** `module.x.` before addresses inside this instance; `''` in the root. */
  get prefix(): string {
    return this.address === '' ? '' : `${this.address}.`
  }

  context(bindings: Iterable<[string, TfValue]> = []): EvalContext {
    return { resolver: this, bindings: new Map(bindings) }
  }

  reference(name: string, steps: readonly Step[], loc: Loc, ctx: EvalContext): Resolved {
    return resolveReference(this, name, steps, loc, ctx)
  }

  problem(problem: ImportProblem): void {
    this.session.problem(problem)
  }

  /** Memoised per instance; `label` names the value in cycle messages. */
  once(what: string, loc: Loc, compute: () => TfValue): TfValue {
    return this.session.once(
      `${this.address}|${what}`,
      this.prefix + what,
      loc,
      compute,
      (cycle) => cycle,
    )
  }

  variable(name: string, loc: Loc): TfValue {
    const decl = this.decls.variables.get(name)
    if (decl === undefined) return failure(`variable "${name}" is not declared${this.where()}`, loc)
    return this.once(`var.${name}`, loc, () =>
      this.site === undefined
        ? rootVariable(this, decl).value
        : childVariable(this, this.site, decl),
    )
  }

  local(name: string, loc: Loc): TfValue {
    const attribute = this.decls.locals.get(name)
    if (attribute === undefined) return failure(`local.${name} is not declared${this.where()}`, loc)
    return this.once(`local.${name}`, loc, () => evaluate(attribute.expr, this.context()))
  }

  output(name: string, loc: Loc): TfValue {
    const decl = this.decls.outputs.get(name)
    if (decl?.value === undefined) return failure(`${this.address} has no output "${name}"`, loc)
    const value = decl.value
    return this.once(`output.${name}`, loc, () => evaluate(value.expr, this.context()))
  }

  private where(): string {
    return this.address === '' ? '' : ` in ${this.address}`
  }
}
