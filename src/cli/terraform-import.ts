/**
 * The wiring of a Terraform import, shared by `import terraform` and `check DIR`: flags to
 * inputs, the directory's files in, the manifest text and the Terraform findings out.
 */
import { basename } from 'node:path'
import type { Finding } from '../analyze/check-result.ts'
import { UsageError } from '../errors.ts'
import {
  importTerraform,
  type ImportEnvironment,
  type ImportResult,
} from '../import/import-terraform.ts'
import { manifestYaml } from '../import/manifest-yaml.ts'
import { riskFindings } from '../report/terraform-findings.ts'
import { loadHclParser } from './hcl-parser.ts'
import { readTerraformDirectory, readTfvarsFile } from './terraform-files.ts'

export interface ImportFlags {
  readonly env: readonly string[]
  readonly var: readonly string[]
  readonly known: readonly string[]
  readonly link: readonly string[]
  readonly account: readonly string[]
  readonly region?: string
  readonly project?: string
}

export interface DirectoryImport {
  readonly result: ImportResult
  readonly text: string
  readonly findings: readonly Finding[]
}

function pairs(flag: string, values: readonly string[], example: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const value of values) {
    const at = value.indexOf('=')
    if (at <= 0)
      throw new UsageError(
        'usage',
        `--${flag} "${value}" is not NAME=VALUE.`,
        `e.g. --${flag} ${example}`,
      )
    out.set(value.slice(0, at), value.slice(at + 1))
  }
  return out
}

export async function importDirectory(dir: string, flags: ImportFlags): Promise<DirectoryImport> {
  const files = readTerraformDirectory(dir)
  const accounts = new Map<string, string>()
  let account: string | undefined
  for (const value of flags.account) {
    const at = value.indexOf('=')
    if (at < 0) account = value
    else accounts.set(value.slice(0, at), value.slice(at + 1))
  }
  for (const id of [account, ...accounts.values()])
    if (id !== undefined && !/^\d{12}$/.test(id))
      throw new UsageError('usage', `--account "${id}" is not a 12-digit AWS account id.`)
  const environments: ImportEnvironment[] =
    flags.env.length > 0
      ? flags.env.map((value) => {
          const at = value.indexOf('=')
          const name = at < 0 ? value : value.slice(0, at)
          const file = at < 0 ? undefined : value.slice(at + 1)
          const id = accounts.get(name)
          return {
            name,
            tfvars: file === undefined ? [] : [readTfvarsFile(dir, file)],
            ...(id === undefined ? {} : { account: id }),
          }
        })
      : files.others.map((file) => {
          const name = basename(file.path, '.tfvars')
          const id = accounts.get(name)
          return { name, tfvars: [file], ...(id === undefined ? {} : { account: id }) }
        })
  const result = importTerraform({
    root: files.root,
    readModule: files.readModule,
    parse: await loadHclParser(),
    sharedTfvars: files.shared,
    vars: pairs('var', flags.var, 'environment=prod'),
    environments,
    known: pairs('known', flags.known, 'random_id.id.hex=3f9a1c07'),
    links: pairs('link', flags.link, 'aws_secretsmanager_secret.creds=aws_iam_user.ci'),
    ...(flags.project === undefined ? {} : { project: flags.project }),
    ...(flags.region === undefined ? {} : { region: flags.region }),
    ...(account === undefined ? {} : { account }),
    directory: files.name,
  })
  if (result.missing.length > 0) {
    const needs = [...new Set(result.missing.map((m) => m.what))]
    const envs = [...new Set(result.missing.map((m) => m.environment))]
    throw new UsageError(
      'usage',
      `The Terraform does not say the ${needs.join(' or ')} of ${envs.join(', ')}.`,
      needs.includes('account')
        ? `Pass --account ID (or --account ENV=ID per environment)${needs.includes('region') ? ' and --region REGION' : ''}.`
        : 'Pass --region REGION.',
    )
  }
  const header = [
    `Imported from Terraform in ${dir} by \`keyward import terraform\`.`,
    'Every entry adopts what Terraform created: `keyward apply` takes it over and recreates nothing.',
    'Review it, apply it, then hand ownership over with the `state rm` list the import printed.',
  ]
  return {
    result,
    text: manifestYaml(result.manifest, result.sources, header),
    findings: riskFindings(result.risks),
  }
}
