/** The blocks of one module's files, indexed by what references name them. */
import type { HclAttribute, HclBlock, HclBody, HclFile } from '../hcl/syntax.ts'
import type { ImportProblem } from './config.ts'
import type { Loc } from './value.ts'

export interface VariableDecl {
  readonly name: string
  readonly type?: HclAttribute
  readonly default?: HclAttribute
  readonly sensitive?: HclAttribute
  readonly loc: Loc
}

export interface ResourceDecl {
  readonly mode: 'managed' | 'data'
  readonly type: string
  readonly name: string
  /** `aws_iam_user.ci` or `data.aws_iam_policy_document.p`, without a module prefix. */
  readonly key: string
  readonly body: HclBody
  readonly count?: HclAttribute
  readonly forEach?: HclAttribute
  readonly loc: Loc
}

export interface ModuleCallDecl {
  readonly name: string
  readonly body: HclBody
  readonly source?: HclAttribute
  readonly count?: HclAttribute
  readonly forEach?: HclAttribute
  readonly loc: Loc
}

export interface OutputDecl {
  readonly name: string
  readonly value?: HclAttribute
  readonly loc: Loc
}

export interface ModuleDecls {
  readonly variables: ReadonlyMap<string, VariableDecl>
  readonly locals: ReadonlyMap<string, HclAttribute>
  /** Managed resources and data sources, in source order. */
  readonly resources: ReadonlyMap<string, ResourceDecl>
  readonly moduleCalls: ReadonlyMap<string, ModuleCallDecl>
  readonly outputs: ReadonlyMap<string, OutputDecl>
  readonly providers: readonly HclBlock[]
}

/** Top-level blocks that say nothing about the resources keyward imports. */
const IGNORED = new Set(['terraform', 'moved', 'import', 'removed', 'check', 'ephemeral'])

/** The attributes a body sets among `names` (field → attribute name); absent ones are left out. */
function pick<K extends string>(
  body: HclBody,
  names: Readonly<Record<K, string>>,
): { [P in K]?: HclAttribute } {
  const out: { [P in K]?: HclAttribute } = {}
  for (const [field, name] of Object.entries(names) as [K, string][]) {
    const found = body.attributes.find((attribute) => attribute.name === name)
    if (found !== undefined) out[field] = found
  }
  return out
}

export function declarationsOf(
  files: readonly HclFile[],
  problem: (p: ImportProblem) => void,
): ModuleDecls {
  const variables = new Map<string, VariableDecl>()
  const locals = new Map<string, HclAttribute>()
  const resources = new Map<string, ResourceDecl>()
  const moduleCalls = new Map<string, ModuleCallDecl>()
  const outputs = new Map<string, OutputDecl>()
  const providers: HclBlock[] = []
  const add = <T extends { loc: Loc }>(
    into: Map<string, T>,
    key: string,
    value: T,
    what: string,
  ): void => {
    const earlier = into.get(key)
    if (earlier === undefined) into.set(key, value)
    else {
      const where = `${earlier.loc.file}:${earlier.loc.line}`
      problem({
        severity: 'error',
        message: `${what} is declared twice (first at ${where})`,
        loc: value.loc,
      })
    }
  }
  for (const block of files.flatMap((file) => file.body.blocks)) {
    const [first, second] = block.labels.map((label) => label.value)
    const { body, loc } = block
    const meta = pick(body, { count: 'count', forEach: 'for_each' })
    switch (block.type) {
      case 'variable':
        if (first === undefined) break
        add(
          variables,
          first,
          {
            name: first,
            loc,
            ...pick(body, { type: 'type', default: 'default', sensitive: 'sensitive' }),
          },
          `variable "${first}"`,
        )
        break
      case 'locals':
        for (const attribute of body.attributes)
          add(locals, attribute.name, attribute, `local.${attribute.name}`)
        break
      case 'resource':
      case 'data': {
        if (first === undefined || second === undefined) break
        const mode = block.type === 'data' ? 'data' : 'managed'
        const key = `${mode === 'data' ? 'data.' : ''}${first}.${second}`
        add(resources, key, { mode, type: first, name: second, key, body, loc, ...meta }, key)
        break
      }
      case 'module':
        if (first === undefined) break
        add(
          moduleCalls,
          first,
          { name: first, body, loc, ...meta, ...pick(body, { source: 'source' }) },
          `module.${first}`,
        )
        break
      case 'output':
        if (first === undefined) break
        add(
          outputs,
          first,
          { name: first, loc, ...pick(body, { value: 'value' }) },
          `output "${first}"`,
        )
        break
      case 'provider':
        providers.push(block)
        break
      default:
        if (!IGNORED.has(block.type)) {
          problem({
            severity: 'warning',
            message: `keyward does not read "${block.type}" blocks`,
            loc,
          })
        }
    }
  }
  return { variables, locals, resources, moduleCalls, outputs, providers }
}
