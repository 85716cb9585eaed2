/**
 * `loadTerraform`: a configuration's root module and the local modules it calls, every resource
 * and data source instance evaluated for one set of variable values.
 */
import { evaluateBody } from './body.ts'
import type {
  ImportProblem,
  TfConfig,
  TfModuleCall,
  TfProvider,
  TfResource,
  TfVariable,
} from './config.ts'
import { callInstances } from './module-calls.ts'
import { ModuleInstance } from './module-instance.ts'
import { instancesOf, resourceOf } from './resources.ts'
import type { LoadInput } from './session.ts'
import { Session } from './session.ts'
import { concreteText } from './value.ts'
import { rootVariable } from './variables.ts'

export type { LoadInput } from './session.ts'

const CALL_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on'])

const EMPTY_ROOT = {
  variables: new Map(),
  locals: new Map(),
  resources: new Map(),
  moduleCalls: new Map(),
  outputs: new Map(),
  providers: [],
}

/**
 * Reads and evaluates a Terraform configuration. Never throws on bad input: syntax errors,
 * unsupported constructs, variables without values, cycles and instances that cannot be counted
 * are `problems`; values keyward cannot know are `unknown`s, which the caller judges.
 */
export function loadTerraform(input: LoadInput): TfConfig {
  const session = new Session(input)
  const root = new ModuleInstance(session, session.declarations('') ?? EMPTY_ROOT, '', '', [])
  const variables: TfVariable[] = []
  for (const decl of root.decls.variables.values()) {
    const variable = rootVariable(root, decl)
    variables.push({
      name: decl.name,
      value: variable.plain,
      from: variable.from,
      sensitive: variable.sensitive,
      loc: decl.loc,
    })
  }
  for (const [name, given] of input.variables) {
    if (root.decls.variables.has(name)) continue
    session.problem({
      severity: 'warning',
      message: `a value is given for variable "${name}", which the configuration does not declare`,
      loc: given.loc ?? { file: `--var ${name}`, line: 0, column: 0 },
    })
  }
  const resources: TfResource[] = []
  const modules: TfModuleCall[] = []
  const providers: TfProvider[] = []
  collect(root, resources, modules, providers)
  return { resources, modules, providers, variables, problems: sortProblems(session.problems) }
}

function collect(
  module: ModuleInstance,
  resources: TfResource[],
  modules: TfModuleCall[],
  providers: TfProvider[],
): void {
  for (const decl of module.decls.resources.values()) {
    for (const instance of instancesOf(module, decl)) {
      const resource = resourceOf(instance)
      if (!('kind' in resource)) resources.push(resource)
    }
  }
  for (const block of module.decls.providers) {
    const body = evaluateBody(block.body, module.context())
    const alias = body.attributes.get('alias')
    const aliasText = alias === undefined ? undefined : concreteText(alias.value)
    providers.push({
      name: block.labels[0]?.value ?? '',
      ...(aliasText === undefined ? {} : { alias: aliasText }),
      body,
      loc: block.loc,
    })
  }
  const children: ModuleInstance[] = []
  for (const decl of module.decls.moduleCalls.values()) {
    for (const call of callInstances(module, decl)) {
      modules.push({
        address: call.address,
        source: call.source,
        followed: call.child !== undefined,
        inputs: evaluateBody(decl.body, module.context(call.bindings), {
          skipAttributes: CALL_META,
        }),
        loc: decl.loc,
      })
      if (call.child !== undefined) children.push(call.child)
    }
  }
  for (const child of children) collect(child, resources, modules, providers)
}

function sortProblems(problems: readonly ImportProblem[]): ImportProblem[] {
  return [...problems].sort(
    (a, b) =>
      a.loc.file.localeCompare(b.loc.file) ||
      a.loc.line - b.loc.line ||
      a.loc.column - b.loc.column,
  )
}
