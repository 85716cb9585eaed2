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

function attributeOf(body: HclBody, name: string): HclAttribute | undefined {
  return body.attributes.find((attribute) => attribute.name === name)
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
    const meta = { count: attributeOf(body, 'count'), forEach: attributeOf(body, 'for_each') }
    const present = <T extends object>(fields: T) =>
      Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as {
        [K in keyof T]: Exclude<T[K], undefined>
      }
    switch (block.type) {
      case 'variable':
        if (first === undefined) break
        add(
          variables,
          first,
          {
            name: first,
            loc,
            ...present({
              type: attributeOf(body, 'type'),
              default: attributeOf(body, 'default'),
              sensitive: attributeOf(body, 'sensitive'),
            }),
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
        add(
          resources,
          key,
          { mode, type: first, name: second, key, body, loc, ...present(meta) },
          key,
        )
        break
      }
      case 'module':
        if (first === undefined) break
        add(
          moduleCalls,
          first,
          { name: first, body, loc, ...present({ ...meta, source: attributeOf(body, 'source') }) },
          `module.${first}`,
        )
        break
      case 'output':
        if (first === undefined) break
        add(
          outputs,
          first,
          { name: first, loc, ...present({ value: attributeOf(body, 'value') }) },
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
