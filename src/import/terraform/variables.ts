/**
 * Variable values. A root module string variable's value becomes one `var` segment, so text
 * built from it remembers the variable; inside a called module, `var.x` is the caller's argument
 * with whatever provenance it already had.
 */
import type { TfVariable } from './config.ts'
import { literalContext } from './context.ts'
import type { VariableDecl } from './declarations.ts'
import { evaluate } from './evaluate.ts'
import type { CallSite, ModuleInstance } from './module-instance.ts'
import type { TypeSpec } from './types.ts'
import { convert, typeSpecOf } from './types.ts'
import { isFailure, unknown } from './value-ops.ts'
import type { Loc, TfValue } from './value.ts'
import { concreteText } from './value.ts'

export interface RootVariable {
  /** As `var.NAME` evaluates: a string is one `var` segment. */
  readonly value: TfValue
  /** The value itself, converted to the variable's type. */
  readonly plain: TfValue
  readonly from: TfVariable['from']
  readonly sensitive: boolean
}

const COMPLEX = new Set(['list', 'set', 'map', 'tuple', 'object'])

export function rootVariable(module: ModuleInstance, decl: VariableDecl): RootVariable {
  return module.session.once(
    `|root-variable.${decl.name}`,
    `var.${decl.name}`,
    decl.loc,
    () => computeRootVariable(module, decl),
    (cycle) => ({ value: cycle, plain: cycle, from: 'none', sensitive: false }),
  )
}

function computeRootVariable(module: ModuleInstance, decl: VariableDecl): RootVariable {
  const name = decl.name
  const given = module.session.input.variables.get(name)
  const type = typeOf(module, decl)
  const literal = literalContext(`the default of variable "${name}"`, (p) => module.problem(p))
  let raw: TfValue
  let from: TfVariable['from']
  if (given !== undefined) {
    from = given.from
    raw =
      given.from === 'flag' && COMPLEX.has(type.kind)
        ? flagValue(module, name, given.value, given.loc)
        : given.value
  } else if (decl.default !== undefined) {
    from = 'default'
    raw = evaluate(decl.default.expr, literal)
  } else {
    from = 'none'
    const reason = `variable "${name}" has no value`
    module.problem({
      severity: 'warning',
      message: reason,
      loc: decl.loc,
      hint: `pass it with --var ${name}=VALUE or in a .tfvars file`,
    })
    raw = unknown(reason, decl.loc)
  }
  const loc = given?.loc ?? decl.loc
  const plain = convert(raw, type, `variable "${name}"`, loc, literal)
  if (plain.kind === 'unknown' && isFailure(plain) && raw !== plain) {
    module.problem({
      severity: 'error',
      message: `the value of variable "${name}" is invalid: ${plain.reason}`,
      loc,
    })
  }
  const sensitive =
    decl.sensitive === undefined ? undefined : evaluate(decl.sensitive.expr, literal)
  return {
    plain,
    value: withVarSegment(name, plain),
    from,
    sensitive: sensitive?.kind === 'bool' && sensitive.value,
  }
}

/** `--var 'names=["a","b"]'`: Terraform reads a flag for a collection type as an expression. */
function flagValue(
  module: ModuleInstance,
  name: string,
  value: TfValue,
  loc: Loc | undefined,
): TfValue {
  const text = concreteText(value)
  if (text === undefined) return value
  const file = module.session.input.parse({
    path: loc?.file ?? `--var ${name}`,
    text: `value = ${text}\n`,
  })
  const attribute = file.body.attributes[0]
  const where = loc ?? { file: `--var ${name}`, line: 0, column: 0 }
  if (file.errors.length > 0 || attribute === undefined) {
    module.problem({
      severity: 'error',
      message: `the value given for variable "${name}" is not a valid expression`,
      loc: where,
    })
    return unknown(`the value given for variable "${name}" is not a valid expression`, where)
  }
  return evaluate(
    attribute.expr,
    literalContext(`the value of variable "${name}"`, (p) => module.problem(p)),
  )
}

function withVarSegment(name: string, value: TfValue): TfValue {
  const text = concreteText(value)
  if (value.kind !== 'string' || text === undefined) return value
  return { kind: 'string', segments: [{ kind: 'var', name, text }] }
}

/** A child module's `var.NAME`: the caller's argument, else the default. */
export function childVariable(module: ModuleInstance, site: CallSite, decl: VariableDecl): TfValue {
  const type = typeOf(module, decl)
  const argument = site.decl.body.attributes.find((a) => a.name === decl.name)
  const literal = literalContext(`the default of variable "${decl.name}"`, (p) => module.problem(p))
  let raw: TfValue
  if (argument !== undefined) raw = evaluate(argument.expr, site.caller.context(site.bindings))
  else if (decl.default !== undefined) raw = evaluate(decl.default.expr, literal)
  else {
    const reason = `${module.address} has no value for its variable "${decl.name}"`
    module.problem({
      severity: 'error',
      message: reason,
      loc: site.decl.loc,
      hint: `set ${decl.name} in the module block`,
    })
    raw = unknown(reason, site.decl.loc)
  }
  return convert(
    raw,
    type,
    `variable "${decl.name}" of ${module.address}`,
    argument?.loc ?? decl.loc,
    literal,
  )
}

function typeOf(module: ModuleInstance, decl: VariableDecl): TypeSpec {
  if (decl.type === undefined) return { kind: 'any' }
  const type = typeSpecOf(decl.type.expr)
  if (typeof type !== 'string') return type
  module.problem({
    severity: 'warning',
    message: `variable "${decl.name}": ${type}; its value is used as given`,
    loc: decl.type.loc,
  })
  return { kind: 'any' }
}
