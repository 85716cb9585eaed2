/**
 * Reading a Terraform directory for import: its `.tf` files, the `.tfvars` Terraform loads by
 * itself, other `.tfvars` (one environment each, by convention), and the directories local
 * modules point at. Paths are kept relative to the imported directory, so reports say
 * `modules/ecr/main.tf:12` wherever the command was run from.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join, normalize, relative } from 'node:path'
import { UsageError } from '../errors.ts'
import type { SourceFile } from '../import/terraform/config.ts'

export interface TerraformDirectory {
  readonly root: readonly SourceFile[]
  /** `terraform.tfvars` and `*.auto.tfvars`: every environment reads them. */
  readonly shared: readonly SourceFile[]
  /** Any other `*.tfvars` in the directory, by file name. */
  readonly others: readonly SourceFile[]
  readonly readModule: (dir: string) => readonly SourceFile[] | undefined
  readonly name: string
}

function filesIn(base: string, dir: string, suffix: string): SourceFile[] | undefined {
  const full = join(base, dir)
  let names: string[]
  try {
    names = readdirSync(full)
  } catch {
    return undefined
  }
  return names
    .filter((n) => n.endsWith(suffix) && statSync(join(full, n)).isFile())
    .sort()
    .map((n) => ({ path: normalize(join(dir, n)), text: readFileSync(join(full, n), 'utf8') }))
}

export function readTerraformDirectory(dir: string): TerraformDirectory {
  let isDirectory: boolean
  try {
    isDirectory = statSync(dir).isDirectory()
  } catch {
    throw new UsageError('file-not-found', `No such directory: ${dir}`)
  }
  if (!isDirectory)
    throw new UsageError(
      'usage',
      `${dir} is not a directory.`,
      'Pass the directory that holds the Terraform configuration (its *.tf files).',
    )
  const root = filesIn(dir, '.', '.tf') ?? []
  if (root.length === 0)
    throw new UsageError(
      'usage',
      `${dir} holds no .tf files.`,
      'Pass the root module’s directory: the one you run `terraform plan` in.',
    )
  const tfvars = filesIn(dir, '.', '.tfvars') ?? []
  const shared = tfvars.filter(
    (f) => f.path === 'terraform.tfvars' || f.path.endsWith('.auto.tfvars'),
  )
  return {
    root,
    shared,
    others: tfvars.filter((f) => !shared.includes(f)),
    readModule: (module) => filesIn(dir, normalize(module), '.tf'),
    name: basename(normalize(join(process.cwd(), dir))),
  }
}

/** A `.tfvars` file given with `--env NAME=FILE`, its path relative to the directory. */
export function readTfvarsFile(dir: string, file: string): SourceFile {
  try {
    return { path: relative(dir, file) || file, text: readFileSync(file, 'utf8') }
  } catch {
    throw new UsageError(
      'file-not-found',
      `Cannot read ${file}.`,
      'Check the path of the .tfvars file.',
    )
  }
}
