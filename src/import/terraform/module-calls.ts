/**
 * `module` blocks. A local source (`./x`, `../x`) is followed: its files are read and each call
 * instance becomes a {@link ModuleInstance} whose outputs answer `module.NAME.OUTPUT`. Other
 * sources are recorded with their inputs; their outputs stay unknown.
 */
import { posix } from 'node:path'
import type { Step } from '../hcl/syntax.ts'
import type { EvalContext, Resolved } from './context.ts'
import { literalContext } from './context.ts'
import type { ModuleCallDecl } from './declarations.ts'
import { evaluate } from './evaluate.ts'
import type { Expansion } from './instances.ts'
import { expandDeclaration, instanceBindings, keySuffix } from './instances.ts'
import { ModuleInstance } from './module-instance.ts'
import { applySteps } from './traverse.ts'
import { failure, numberText, textOf, tuple, unknown } from './value-ops.ts'
import type { Loc, TfValue } from './value.ts'
import { concreteText } from './value.ts'

export interface CallInstance {
  readonly decl: ModuleCallDecl
  readonly caller: ModuleInstance
  readonly address: string
  readonly key?: string | number
  readonly bindings: readonly [string, TfValue][]
  readonly source: string
  /** The called module, when its source is local and its files were read. */
  readonly child?: ModuleInstance
}

const LOCAL_SOURCE = /^\.\.?\//

export function callExpansion(module: ModuleInstance, decl: ModuleCallDecl): Expansion {
  return expandDeclaration(module, `${module.prefix}module.${decl.name}`, decl, 'module')
}

export function callInstances(
  module: ModuleInstance,
  decl: ModuleCallDecl,
): readonly CallInstance[] {
  const key = `${module.address}|instances|module.${decl.name}`
  return module.session.once(
    key,
    `module.${decl.name}`,
    decl.loc,
    () => {
      const expansion = callExpansion(module, decl)
      if (expansion.kind === 'unknown') return []
      const source = sourceOf(module, decl)
      const base = `${module.prefix}module.${decl.name}`
      const keys = expansion.kind === 'single' ? [undefined] : expansion.keys
      return keys.map((instanceKey) => {
        const address = base + keySuffix(instanceKey?.key)
        const bindings = instanceKey === undefined ? [] : instanceBindings(expansion, instanceKey)
        const child = follow(module, decl, source, address, bindings)
        return {
          decl,
          caller: module,
          address,
          ...(instanceKey?.key === undefined ? {} : { key: instanceKey.key }),
          bindings,
          source,
          ...(child === undefined ? {} : { child }),
        }
      })
    },
    () => [],
  )
}

function sourceOf(module: ModuleInstance, decl: ModuleCallDecl): string {
  if (decl.source === undefined) {
    module.problem({
      severity: 'error',
      message: `module.${decl.name} has no source`,
      loc: decl.loc,
    })
    return ''
  }
  const value = evaluate(
    decl.source.expr,
    literalContext('a module source', (p) => module.problem(p)),
  )
  return concreteText(value) ?? ''
}

function follow(
  module: ModuleInstance,
  decl: ModuleCallDecl,
  source: string,
  address: string,
  bindings: readonly [string, TfValue][],
): ModuleInstance | undefined {
  if (!LOCAL_SOURCE.test(source)) return undefined
  const dir = moduleDir(module.dir, source)
  for (let at: ModuleInstance | undefined = module; at !== undefined; at = at.site?.caller) {
    if (at.dir === dir) {
      module.problem({
        severity: 'error',
        message: `module.${decl.name} calls ${source}, which is already being read: a module cannot call itself`,
        loc: decl.loc,
      })
      return undefined
    }
  }
  const decls = module.session.declarations(dir)
  if (decls === undefined) {
    module.problem({
      severity: 'error',
      message: `module.${decl.name}: no Terraform files found in ${dir}`,
      loc: decl.source?.loc ?? decl.loc,
    })
    return undefined
  }
  return new ModuleInstance(module.session, decls, dir, address, [...module.path, decl.name], {
    caller: module,
    decl,
    bindings,
  })
}

/** A local source resolved against the calling module's directory, relative to the root. */
function moduleDir(callerDir: string, source: string): string {
  const joined = posix
    .normalize(posix.join(callerDir === '' ? '.' : callerDir, source))
    .replace(/\/+$/, '')
  return joined === '.' ? '' : joined
}

/** `module.NAME…`: an output of one instance, a splat over instances, or the whole call. */
export function moduleReference(
  module: ModuleInstance,
  steps: readonly Step[],
  loc: Loc,
  ctx: EvalContext,
): Resolved {
  const [nameStep, ...rest] = steps
  if (nameStep?.kind !== 'attr')
    return { value: failure('"module" must be followed by a module name', loc), consumed: 0 }
  const decl = module.decls.moduleCalls.get(nameStep.name)
  const address = `${module.prefix}module.${nameStep.name}`
  if (decl === undefined) return { value: failure(`${address} is not declared`, loc), consumed: 1 }
  const expansion = callExpansion(module, decl)
  if (expansion.kind === 'unknown')
    return {
      value: unknown(`${address} is left out: its ${expansion.attribute.name} is not known`, loc),
      consumed: steps.length,
    }
  const instances = callInstances(module, decl)
  const [first, ...after] = rest
  if (expansion.kind === 'single') {
    const [only] = instances
    if (only === undefined)
      return { value: failure(`${address} has no instance`, loc), consumed: steps.length }
    if (first?.kind === 'splat')
      return { value: tuple([outputOf(only, first.steps, loc, ctx)]), consumed: steps.length }
    return { value: outputOf(only, rest, loc, ctx), consumed: steps.length }
  }
  if (first === undefined) {
    const values = instances.map(
      (instance) => [String(instance.key), outputOf(instance, [], loc, ctx)] as const,
    )
    if (expansion.kind === 'count')
      return { value: tuple(values.map(([, v]) => v)), consumed: steps.length }
    return { value: { kind: 'object', fields: new Map(values) }, consumed: steps.length }
  }
  if (first.kind === 'splat')
    return {
      value: tuple(instances.map((i) => outputOf(i, first.steps, loc, ctx))),
      consumed: steps.length,
    }
  if (first.kind === 'attr')
    return {
      value: failure(`${address} has ${expansion.kind}: refer to one instance`, loc),
      consumed: steps.length,
    }
  const keyValue = evaluate(first.key, ctx)
  if (keyValue.kind === 'unknown') return { value: keyValue, consumed: steps.length }
  const key =
    keyValue.kind === 'number'
      ? numberText(keyValue.value)
      : textOf(keyValue, 'the instance key', first.loc)
  if (typeof key !== 'string') return { value: key, consumed: steps.length }
  const instance = instances.find((candidate) => String(candidate.key) === key)
  if (instance === undefined)
    return {
      value: failure(`${address} has no instance [${JSON.stringify(key)}]`, first.loc),
      consumed: steps.length,
    }
  return { value: outputOf(instance, after, loc, ctx), consumed: steps.length }
}

function outputOf(
  instance: CallInstance,
  steps: readonly Step[],
  loc: Loc,
  ctx: EvalContext,
): TfValue {
  const child = instance.child
  if (child === undefined) {
    return unknown(
      `${instance.address} comes from "${instance.source}", which keyward does not read`,
      loc,
    )
  }
  const [first, ...rest] = steps
  if (first?.kind === 'attr') return applySteps(child.output(first.name, first.loc), rest, ctx)
  const outputs = new Map<string, TfValue>()
  for (const name of child.decls.outputs.keys()) outputs.set(name, child.output(name, loc))
  return applySteps({ kind: 'object', fields: outputs }, steps, ctx)
}
