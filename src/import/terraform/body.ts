/** A block body evaluated into a {@link TfBody}, `dynamic` blocks expanded. */
import type { HclBlock, HclBody } from '../hcl/syntax.ts'
import type { TfAttribute, TfBlock, TfBody } from './config.ts'
import type { EvalContext } from './context.ts'
import { withBindings } from './context.ts'
import { evaluate } from './evaluate.ts'
import { iterationEntries, textOf, tuple } from './value-ops.ts'

export interface BodyOptions {
  /** Meta-arguments such as `count` and `depends_on`, which are not the resource's own. */
  readonly skipAttributes?: ReadonlySet<string>
  readonly skipBlocks?: ReadonlySet<string>
}

export function evaluateBody(body: HclBody, ctx: EvalContext, options: BodyOptions = {}): TfBody {
  const attributes = new Map<string, TfAttribute>()
  for (const attribute of body.attributes) {
    if (options.skipAttributes?.has(attribute.name) === true) continue
    attributes.set(attribute.name, {
      name: attribute.name,
      value: evaluate(attribute.expr, ctx),
      loc: attribute.loc,
    })
  }
  const blocks: TfBlock[] = []
  for (const block of body.blocks) {
    if (options.skipBlocks?.has(block.type) === true) continue
    if (block.type === 'dynamic') blocks.push(...expandDynamic(block, ctx))
    else
      blocks.push({
        type: block.type,
        labels: block.labels.map((l) => l.value),
        body: evaluateBody(block.body, ctx),
        loc: block.loc,
      })
  }
  return { attributes, blocks }
}

function expandDynamic(block: HclBlock, ctx: EvalContext): TfBlock[] {
  const type = block.labels[0]?.value
  const forEach = block.body.attributes.find((a) => a.name === 'for_each')
  const content = block.body.blocks.find((b) => b.type === 'content')
  if (type === undefined || forEach === undefined || content === undefined) {
    ctx.resolver.problem({
      severity: 'error',
      message: 'a dynamic block needs a label, for_each and a content block',
      loc: block.loc,
    })
    return []
  }
  const iteratorExpr = block.body.attributes.find((a) => a.name === 'iterator')?.expr
  const iterator = iteratorExpr?.kind === 'variable' ? iteratorExpr.name : type
  const labelsExpr = block.body.attributes.find((a) => a.name === 'labels')?.expr
  const collection = evaluate(forEach.expr, ctx)
  const entries = collection.kind === 'null' ? [] : iterationEntries(collection)
  if (entries === undefined) {
    const why =
      collection.kind === 'unknown'
        ? collection.reason
        : `it is a ${collection.kind}, not a collection`
    ctx.resolver.problem({
      severity: 'error',
      message: `the for_each of dynamic "${type}" cannot be evaluated (${why}); its blocks are left out`,
      loc: forEach.loc,
    })
    return []
  }
  return entries.map(([key, value]) => {
    const inner = withBindings(ctx, [
      [
        iterator,
        {
          kind: 'object',
          fields: new Map([
            ['key', key],
            ['value', value],
          ]),
        },
      ],
    ])
    const labels = labelsExpr === undefined ? tuple([]) : evaluate(labelsExpr, inner)
    const texts =
      labels.kind === 'tuple'
        ? labels.items.map((label) => textOf(label, 'a dynamic block label', block.loc))
        : []
    return {
      type,
      labels: texts.map((text) => (typeof text === 'string' ? text : '')),
      body: evaluateBody(content.body, inner),
      loc: block.loc,
    }
  })
}
