/** What a name at the start of a traversal refers to inside one module instance. */
import type { Step } from '../hcl/syntax.ts'
import type { EvalContext, Resolved } from './context.ts'
import { moduleReference } from './module-calls.ts'
import type { ModuleInstance } from './module-instance.ts'
import { resourceReference } from './resources.ts'
import { failure, stringOf, unknown } from './value-ops.ts'
import type { Loc, TfValue } from './value.ts'

function text(value: string): TfValue {
  return stringOf([{ kind: 'text', text: value }])
}

function attrName(step: Step | undefined): string | undefined {
  return step?.kind === 'attr' ? step.name : undefined
}

export function resolveReference(
  module: ModuleInstance,
  name: string,
  steps: readonly Step[],
  loc: Loc,
  ctx: EvalContext,
): Resolved {
  const [first, second] = steps
  const firstName = attrName(first)
  switch (name) {
    case 'var':
      if (firstName === undefined)
        return { value: failure('"var" must be followed by a variable name', loc), consumed: 0 }
      return { value: module.variable(firstName, loc), consumed: 1 }
    case 'local':
      if (firstName === undefined)
        return { value: failure('"local" must be followed by a name', loc), consumed: 0 }
      return { value: module.local(firstName, loc), consumed: 1 }
    case 'module':
      return moduleReference(module, steps, loc, ctx)
    case 'path': {
      const paths: Readonly<Record<string, string>> = {
        module: module.dir === '' ? '.' : module.dir,
        root: '.',
        cwd: '.',
      }
      const value = firstName === undefined ? undefined : paths[firstName]
      return value === undefined
        ? { value: failure('path has module, root and cwd', loc), consumed: 0 }
        : { value: text(value), consumed: 1 }
    }
    case 'terraform':
      if (firstName === 'workspace') return { value: text('default'), consumed: 1 }
      return {
        value: unknown(`terraform.${firstName ?? ''} is not known to keyward`, loc),
        consumed: steps.length,
      }
    case 'self':
      return {
        value: unknown('self is known only while provisioning', loc),
        consumed: steps.length,
      }
    case 'count':
      return {
        value: failure('count.index can only be used in a block with count', loc),
        consumed: steps.length,
      }
    case 'each':
      return {
        value: failure('each.key and each.value can only be used in a block with for_each', loc),
        consumed: steps.length,
      }
    case 'data': {
      const type = firstName
      const resourceName = attrName(second)
      const decl =
        type === undefined || resourceName === undefined
          ? undefined
          : module.decls.resources.get(`data.${type}.${resourceName}`)
      if (decl === undefined) {
        return {
          value: failure(
            `data.${type ?? ''}.${resourceName ?? ''} is not declared${where(module)}`,
            loc,
          ),
          consumed: steps.length,
        }
      }
      const resolved = resourceReference(module, decl, steps.slice(2), loc, ctx)
      return { value: resolved.value, consumed: resolved.consumed + 2 }
    }
    default: {
      const decl =
        firstName === undefined ? undefined : module.decls.resources.get(`${name}.${firstName}`)
      if (decl === undefined) {
        const what = firstName === undefined ? `"${name}"` : `${name}.${firstName}`
        return {
          value: failure(`${what} is not declared${where(module)}`, loc),
          consumed: steps.length,
        }
      }
      const resolved = resourceReference(module, decl, steps.slice(1), loc, ctx)
      return { value: resolved.value, consumed: resolved.consumed + 1 }
    }
  }
}

function where(module: ModuleInstance): string {
  return module.address === '' ? '' : ` in ${module.address}`
}
