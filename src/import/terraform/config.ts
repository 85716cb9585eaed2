/**
 * A Terraform configuration as keyward reads it: every resource and data source instance of the
 * root module and the local modules it calls, each block body evaluated for one environment
 * (one set of variable values). Produced by {@link loadTerraform}; mapped to a manifest by
 * `import/map-*.ts`.
 */
import type { Loc, TfValue } from './value.ts'

export interface TfAttribute {
  readonly name: string
  readonly value: TfValue
  readonly loc: Loc
}

/** A block's evaluated contents; `dynamic` blocks are already expanded. */
export interface TfBody {
  readonly attributes: ReadonlyMap<string, TfAttribute>
  readonly blocks: readonly TfBlock[]
}

export interface TfBlock {
  readonly type: string
  readonly labels: readonly string[]
  readonly body: TfBody
  readonly loc: Loc
}

/** One instance of a `resource` or `data` block (one per `count` index or `for_each` key). */
export interface TfResource {
  /** Terraform's address, e.g. `module.build_user.aws_iam_user.this["ci"]`, `data.aws_iam_policy_document.p`. */
  readonly address: string
  readonly mode: 'managed' | 'data'
  readonly type: string
  readonly name: string
  /** The `count` index or `for_each` key of this instance, when the block has one. */
  readonly key?: string | number
  /** Module call names from the root, e.g. `['build_user']`; empty in the root module. */
  readonly modulePath: readonly string[]
  readonly body: TfBody
  /** The block header. */
  readonly loc: Loc
}

/** A `module` block. Local sources (`./…`, `../…`) are followed; others are only recorded. */
export interface TfModuleCall {
  /** e.g. `module.access_key`, `module.outer.module.inner`. */
  readonly address: string
  readonly source: string
  readonly followed: boolean
  /** The call's arguments other than meta-arguments, evaluated in the caller. */
  readonly inputs: TfBody
  readonly loc: Loc
}

export interface TfProvider {
  readonly name: string
  readonly alias?: string
  readonly body: TfBody
  readonly loc: Loc
}

/** A root module `variable` and the value this environment gives it. */
export interface TfVariable {
  readonly name: string
  readonly value: TfValue
  /** Where the value came from: the default, a tfvars file, or `--var`. */
  readonly from: 'default' | 'tfvars' | 'flag' | 'none'
  readonly sensitive: boolean
  readonly loc: Loc
}

export type ProblemSeverity = 'error' | 'warning'

/** Something in the configuration keyward could not read or evaluate, at its file:line. */
export interface ImportProblem {
  readonly severity: ProblemSeverity
  readonly message: string
  readonly loc: Loc
  readonly hint?: string
}

export interface TfConfig {
  readonly resources: readonly TfResource[]
  readonly modules: readonly TfModuleCall[]
  readonly providers: readonly TfProvider[]
  readonly variables: readonly TfVariable[]
  readonly problems: readonly ImportProblem[]
}

/** A `.tf`/`.tfvars` file's path (relative to the imported directory) and text. */
export interface SourceFile {
  readonly path: string
  readonly text: string
}

/** Parses one HCL file into keyward's syntax tree (see `hcl/syntax.ts`); never throws on bad input. */
export type { ParseHcl } from '../hcl/syntax.ts'
