/**
 * `keyward import terraform`, without the I/O: a Terraform directory's files (and the local
 * modules it calls) in, a manifest draft, the risks found, the problems met and the resources to
 * hand over out. Each environment is one set of variable values, evaluated on its own.
 */
import type { ImportProblem, ParseHcl, SourceFile, TfConfig } from './terraform/config.ts'
import type { Loc, TfValue } from './terraform/value.ts'
import { loadTerraform } from './terraform/load.ts'
import { readTfvars } from './terraform/tfvars.ts'
import { computedAttributes, type KnownValues } from './computed.ts'
import { policyDocumentJson } from './policy/policy-document.ts'
import { mapEnvironment } from './map/environment.ts'
import { merge, type Merged } from './merge.ts'
import { chooseSpecials, type Specials } from './specials.ts'

export interface ImportEnvironment {
  readonly name: string
  /** Its own `.tfvars`, applied after the ones every environment shares. */
  readonly tfvars: readonly SourceFile[]
  readonly account?: string
}

export interface ImportInput {
  readonly root: readonly SourceFile[]
  readonly readModule: (dir: string) => readonly SourceFile[] | undefined
  readonly parse: ParseHcl
  /** `terraform.tfvars` and `*.auto.tfvars`: every environment reads them. */
  readonly sharedTfvars: readonly SourceFile[]
  /** `--var NAME=VALUE`, applied last, as Terraform does. */
  readonly vars: ReadonlyMap<string, string>
  /** Explicit environments; none means one, named after the configuration's own variable. */
  readonly environments: readonly ImportEnvironment[]
  readonly known: KnownValues
  readonly links: ReadonlyMap<string, string>
  readonly project?: string
  readonly region?: string
  readonly account?: string
  /** Fallback project name: the directory's. */
  readonly directory: string
}

export interface ImportResult extends Merged {
  readonly specials: Specials
  /** Environments lacking an account or region: the CLI asks for `--account` / `--region`. */
  readonly missing: readonly { readonly environment: string; readonly what: 'account' | 'region' }[]
}

type Variables = Map<string, { value: TfValue; from: 'tfvars' | 'flag'; loc?: Loc }>

/**
 * A Terraform configuration as a manifest draft that adopts what it created, with the risks
 * found in it and what could not be read. Pure: the caller reads the files (and parses with
 * `loadHclParser()`); nothing here touches the disk or AWS.
 * https://developer.hashicorp.com/terraform/language/syntax/configuration
 */
export function importTerraform(input: ImportInput): ImportResult {
  const problems: ImportProblem[] = []
  const shared: Variables = new Map()
  for (const file of input.sharedTfvars) addTfvars(shared, file, input.parse, problems)
  const load = (variables: Variables): TfConfig =>
    loadTerraform({
      root: input.root,
      readModule: input.readModule,
      parse: input.parse,
      variables: withFlags(variables, input.vars),
      computed: computedAttributes(input.known, policyDocumentJson),
    })
  const configs =
    input.environments.length === 0
      ? [{ name: undefined, account: undefined, config: load(shared) }]
      : input.environments.map((env) => {
          const variables: Variables = new Map(shared)
          for (const file of env.tfvars) addTfvars(variables, file, input.parse, problems)
          return { name: env.name, account: env.account, config: load(variables) }
        })
  const specials = chooseSpecials(
    configs.map((c) => ({ name: c.name, config: c.config })),
    input,
  )
  const imports = configs.map((c, index) =>
    mapEnvironment({
      name: specials.environments[index]?.name ?? 'default',
      config: c.config,
      variableName: specials.variableName,
      links: input.links,
    }),
  )
  const missing: { environment: string; what: 'account' | 'region' }[] = []
  const settings = specials.environments.map((env, index) => {
    const account = configs[index]?.account ?? input.account ?? env.account
    const region = input.region ?? env.region
    if (account === undefined) missing.push({ environment: env.name, what: 'account' })
    if (region === undefined) missing.push({ environment: env.name, what: 'region' })
    return { name: env.name, account: account ?? '', region: region ?? '' }
  })
  const merged = merge(specials.project, settings, imports)
  const all = [...problems, ...merged.problems].sort(
    (a, b) =>
      a.loc.file.localeCompare(b.loc.file) ||
      a.loc.line - b.loc.line ||
      a.loc.column - b.loc.column,
  )
  return { ...merged, problems: all, specials, missing }
}

function addTfvars(into: Variables, file: SourceFile, parse: ParseHcl, problems: ImportProblem[]) {
  const read = readTfvars(file, parse)
  problems.push(...read.problems)
  for (const [name, { value, loc }] of read.values) into.set(name, { value, from: 'tfvars', loc })
}

function withFlags(variables: Variables, flags: ReadonlyMap<string, string>): Variables {
  const out: Variables = new Map(variables)
  for (const [name, text] of flags)
    out.set(name, { value: { kind: 'string', segments: [{ kind: 'text', text }] }, from: 'flag' })
  return out
}
