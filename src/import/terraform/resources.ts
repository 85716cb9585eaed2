/**
 * Resources and data sources: their instances, each instance's evaluated body, and references
 * to them. An attribute set in the body reads as its value; one Terraform computes asks the
 * caller's `computed`, and failing that is a string of one `attr` segment.
 */
import type { Expr, Step } from '../hcl/syntax.ts'
import { evaluateBody } from './body.ts'
import type { TfBlock, TfResource } from './config.ts'
import type { EvalContext, Resolved } from './context.ts'
import type { ResourceDecl } from './declarations.ts'
import { evaluate } from './evaluate.ts'
import type { Expansion } from './instances.ts'
import { expandDeclaration, instanceBindings, keySuffix } from './instances.ts'
import type { ModuleInstance } from './module-instance.ts'
import { applySteps, pathText, registerFallback } from './traverse.ts'
import { failure, numberText, textOf, tuple, unknown, withOrigin } from './value-ops.ts'
import type { Loc, TfUnknown, TfValue } from './value.ts'

export interface ResourceInstance {
  readonly module: ModuleInstance
  readonly decl: ResourceDecl
  readonly address: string
  readonly key?: string | number
  readonly bindings: readonly [string, TfValue][]
}

const META_ATTRIBUTES = new Set(['count', 'for_each', 'depends_on', 'provider'])
const META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection'])

export function expansionOf(module: ModuleInstance, decl: ResourceDecl): Expansion {
  return expandDeclaration(
    module,
    `${module.prefix}${decl.key}`,
    decl,
    decl.mode === 'data' ? 'data source' : 'resource',
  )
}

export function instancesOf(module: ModuleInstance, decl: ResourceDecl): ResourceInstance[] {
  const expansion = expansionOf(module, decl)
  const address = `${module.prefix}${decl.key}`
  if (expansion.kind === 'unknown') return []
  if (expansion.kind === 'single') return [{ module, decl, address, bindings: [] }]
  return expansion.keys.map((key) => ({
    module,
    decl,
    address: address + keySuffix(key.key),
    ...(key.key === undefined ? {} : { key: key.key }),
    bindings: instanceBindings(expansion, key),
  }))
}

/** The instance's evaluated body, as `loadTerraform` returns it. */
export function resourceOf(instance: ResourceInstance): TfResource | TfUnknown {
  const { module, decl, address } = instance
  return module.session.once<TfResource | TfUnknown>(
    `resource|${address}`,
    address,
    decl.loc,
    (): TfResource => {
      const self = unknown('self is known only while provisioning', decl.loc)
      const evaluated = evaluateBody(
        decl.body,
        module.context([...instance.bindings, ['self', self]]),
        {
          skipAttributes: META_ATTRIBUTES,
          skipBlocks: META_BLOCKS,
        },
      )
      const attributes = new Map(evaluated.attributes)
      const provider = decl.body.attributes.find((a) => a.name === 'provider')
      if (provider !== undefined) {
        attributes.set('provider', {
          name: 'provider',
          value: providerText(provider.expr),
          loc: provider.loc,
        })
      }
      const body = { attributes, blocks: evaluated.blocks }
      return {
        address,
        mode: decl.mode,
        type: decl.type,
        name: decl.name,
        ...(instance.key === undefined ? {} : { key: instance.key }),
        modulePath: module.path,
        body,
        loc: decl.loc,
      }
    },
    (cycle) => cycle,
  )
}

/** `provider = aws.west` names a provider configuration; it is not an expression to evaluate. */
function providerText(expr: Expr): TfValue {
  if (expr.kind === 'variable')
    return { kind: 'string', segments: [{ kind: 'text', text: expr.name }] }
  if (expr.kind === 'traversal' && expr.target.kind === 'variable') {
    const names = expr.steps.map((step) => (step.kind === 'attr' ? `.${step.name}` : ''))
    return { kind: 'string', segments: [{ kind: 'text', text: expr.target.name + names.join('') }] }
  }
  return { kind: 'null' }
}

/** A reference `TYPE.NAME…` or `data.TYPE.NAME…`; `steps` follow the name. Consumes every step. */
export function resourceReference(
  module: ModuleInstance,
  decl: ResourceDecl,
  steps: readonly Step[],
  loc: Loc,
  ctx: EvalContext,
): Resolved {
  const all = steps.length
  const expansion = expansionOf(module, decl)
  const address = `${module.prefix}${decl.key}`
  if (expansion.kind === 'unknown') {
    return {
      value: unknown(`${address} is left out: its ${expansion.attribute.name} is not known`, loc),
      consumed: all,
    }
  }
  const instances = instancesOf(module, decl)
  const [first, ...rest] = steps
  if (expansion.kind === 'single') {
    const [only] = instances
    if (only === undefined)
      return { value: failure(`${address} has no instance`, loc), consumed: all }
    if (first?.kind === 'splat')
      return { value: tuple([attributeOf(only, first.steps, loc, ctx)]), consumed: all }
    return { value: attributeOf(only, steps, loc, ctx), consumed: all }
  }
  if (first === undefined) {
    const objects = instances.map((instance) => [instance.key, wholeObject(instance, ctx)] as const)
    if (expansion.kind === 'count')
      return { value: tuple(objects.map(([, value]) => value)), consumed: 0 }
    return {
      value: {
        kind: 'object',
        fields: new Map(objects.map(([key, value]) => [String(key), value])),
      },
      consumed: 0,
    }
  }
  if (first.kind === 'splat') {
    return {
      value: tuple(instances.map((instance) => attributeOf(instance, first.steps, loc, ctx))),
      consumed: all,
    }
  }
  if (first.kind === 'attr') {
    const example = `${address}${expansion.kind === 'count' ? '[0]' : '["KEY"]'}.${first.name}`
    return {
      value: failure(
        `${address} has ${expansion.kind}: refer to one instance, as in ${example}`,
        loc,
      ),
      consumed: all,
    }
  }
  const keyValue = evaluate(first.key, ctx)
  if (keyValue.kind === 'unknown') return { value: keyValue, consumed: all }
  const key =
    keyValue.kind === 'number'
      ? numberText(keyValue.value)
      : textOf(keyValue, 'the instance key', first.loc)
  if (typeof key !== 'string') return { value: key, consumed: all }
  const instance = instances.find((candidate) => String(candidate.key) === key)
  if (instance === undefined)
    return {
      value: failure(`${address} has no instance [${JSON.stringify(key)}]`, first.loc),
      consumed: all,
    }
  return { value: attributeOf(instance, rest, loc, ctx), consumed: all }
}

/** `steps` applied to one instance: its first step names the attribute. */
function attributeOf(
  instance: ResourceInstance,
  steps: readonly Step[],
  loc: Loc,
  ctx: EvalContext,
): TfValue {
  const [first, ...rest] = steps
  if (first === undefined) return wholeObject(instance, ctx)
  if (first.kind !== 'attr') return applySteps(wholeObject(instance, ctx), steps, ctx)
  const resource = resourceOf(instance)
  if ('kind' in resource) return resource
  const path = pathText(steps, ctx)
  const origin =
    typeof path === 'string' ? { address: instance.address, attribute: path } : undefined
  const known =
    argumentOf(resource, first.name) ??
    instance.module.session.input.computed?.(resource, first.name)
  if (known !== undefined) {
    const value = applySteps(known, rest, ctx)
    return origin === undefined || 'origin' in value ? value : withOrigin(value, origin)
  }
  if (origin === undefined) return path as TfUnknown
  return {
    kind: 'string',
    segments: [{ kind: 'attr', address: instance.address, attribute: origin.attribute, loc }],
    origin,
  }
}

/** An argument set in the body; one set to null is left to the provider, as if it were absent. */
function argumentOf(resource: TfResource, name: string): TfValue | undefined {
  const attribute = resource.body.attributes.get(name)
  if (attribute !== undefined && attribute.value.kind !== 'null') return attribute.value
  const blocks = resource.body.blocks.filter((block) => block.type === name)
  return blocks.length === 0 ? undefined : tuple(blocks.map(blockObject))
}

/** A nested block read as Terraform exposes it: an object of its arguments and blocks. */
function blockObject(block: TfBlock): TfValue {
  const fields = new Map<string, TfValue>()
  for (const [name, attribute] of block.body.attributes) fields.set(name, attribute.value)
  for (const inner of block.body.blocks) {
    if (fields.has(inner.type)) continue
    fields.set(
      inner.type,
      tuple(block.body.blocks.filter((b) => b.type === inner.type).map(blockObject)),
    )
  }
  return { kind: 'object', fields }
}

/** `aws_iam_user.x` on its own: its arguments, answering for computed attributes on request. */
function wholeObject(instance: ResourceInstance, ctx: EvalContext): TfValue {
  const resource = resourceOf(instance)
  if ('kind' in resource) return resource
  const value = blockObject({
    type: instance.decl.type,
    labels: [],
    body: resource.body,
    loc: resource.loc,
  })
  registerFallback(value, (name, loc) =>
    attributeOf(instance, [{ kind: 'attr', name, loc }], loc, ctx),
  )
  return value
}
