/**
 * Which Terraform variables are the manifest's built-ins. A variable whose value is the
 * environment's name becomes `${env}`, the one the AWS provider's region comes from `${region}`,
 * a project-name variable `${project}`; the rest stay variables of their own name. Environment
 * names, regions and accounts come from the same places when the command line does not say.
 */
import type { TfConfig, TfVariable } from './terraform/config.ts'
import { concreteText, type TfValue } from './terraform/value.ts'

export interface SpecialEnvironment {
  readonly name: string
  readonly region?: string
  readonly account?: string
}

export interface Specials {
  readonly project: string
  readonly environments: readonly SpecialEnvironment[]
  readonly variableName: (name: string) => string
  /** The Terraform variables behind `${env}`, `${region}` and `${project}`. */
  readonly builtins: { readonly env?: string; readonly region?: string; readonly project?: string }
}

const ENV_VARIABLES = ['environment', 'env', 'stage', 'environment_name']
const PROJECT_VARIABLES = ['project', 'project_name', 'app', 'app_name', 'application']
const RESERVED = new Set([
  'env',
  'region',
  'account',
  'partition',
  'project',
  'identities',
  'policies',
  'key',
  'var',
])

function valueOf(config: TfConfig, name: string): string | undefined {
  const variable = config.variables.find((v: TfVariable) => v.name === name)
  return variable === undefined ? undefined : concreteText(variable.value)
}

function sameEverywhere(configs: readonly TfConfig[], name: string): string | undefined {
  const values = configs.map((c) => valueOf(c, name))
  const [first] = values
  return first !== undefined && first !== '' && values.every((v) => v === first) ? first : undefined
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'imported'
}

export function chooseSpecials(
  configs: readonly { readonly name: string | undefined; readonly config: TfConfig }[],
  input: { readonly project?: string; readonly directory: string },
): Specials {
  const all = configs.map((c) => c.config)
  const first = all[0]
  let envVariable: string | undefined
  let names: string[]
  if (configs.every((c) => c.name !== undefined)) {
    names = configs.map((c) => c.name ?? '')
    envVariable = first?.variables.find((v) =>
      configs.every((c) => valueOf(c.config, v.name) === c.name),
    )?.name
  } else {
    envVariable = ENV_VARIABLES.find((n) => first !== undefined && valueOf(first, n) !== undefined)
    const named =
      envVariable === undefined || first === undefined ? undefined : valueOf(first, envVariable)
    names = [slug(named ?? 'default')]
    if (named !== undefined && slug(named) !== named) envVariable = undefined
  }
  const projectVariable = PROJECT_VARIABLES.find((n) => sameEverywhere(all, n) !== undefined)
  const projectValue =
    projectVariable === undefined ? undefined : sameEverywhere(all, projectVariable)
  const project = input.project ?? projectValue ?? slug(input.directory)
  const region = all.map(regionOf)
  const regionVariable = region[0]?.variable
  const builtins = {
    ...(envVariable === undefined ? {} : { env: envVariable }),
    ...(regionVariable === undefined ? {} : { region: regionVariable }),
    ...(projectVariable !== undefined && projectValue === project
      ? { project: projectVariable }
      : {}),
  }
  return {
    project,
    environments: names.map((name, index) => {
      const r = region[index]?.region
      const account = all[index] === undefined ? undefined : accountOf(all[index])
      return {
        name,
        ...(r === undefined ? {} : { region: r }),
        ...(account === undefined ? {} : { account }),
      }
    }),
    builtins,
    variableName: (name) => {
      if (name === builtins.env) return 'env'
      if (name === builtins.region) return 'region'
      if (name === builtins.project) return 'project'
      return RESERVED.has(name) ? `tf_${name}` : name
    },
  }
}

function defaultProvider(config: TfConfig) {
  return config.providers.find((p) => p.name === 'aws' && p.alias === undefined)
}

function regionOf(config: TfConfig): { region?: string; variable?: string } {
  const region = defaultProvider(config)?.body.attributes.get('region')?.value
  if (region?.kind !== 'string') return {}
  const text = concreteText(region)
  const [only, ...rest] = region.segments
  const variable = only?.kind === 'var' && rest.length === 0 ? only.name : undefined
  return {
    ...(text === undefined ? {} : { region: text }),
    ...(variable === undefined ? {} : { variable }),
  }
}

/** The account the provider is pinned to: `allowed_account_ids`, or its assumed role's ARN. */
function accountOf(config: TfConfig): string | undefined {
  const provider = defaultProvider(config)
  if (provider === undefined) return undefined
  const allowed = provider.body.attributes.get('allowed_account_ids')?.value
  const ids = allowed?.kind === 'tuple' ? allowed.items.map((i: TfValue) => concreteText(i)) : []
  if (ids.length === 1 && ids[0] !== undefined && /^\d{12}$/.test(ids[0])) return ids[0]
  const role = provider.body.blocks.find((b) => b.type === 'assume_role')
  const arn = role?.body.attributes.get('role_arn')?.value
  const text = arn === undefined ? undefined : concreteText(arn)
  return /^arn:[^:]+:iam::(\d{12}):/.exec(text ?? '')?.[1]
}
