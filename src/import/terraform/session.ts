/**
 * What one `loadTerraform` call shares across modules: its input, the problems found, parsed
 * module directories, and the memo that makes evaluation lazy, once-only and cycle-safe.
 */
import type { HclFile, ParseHcl } from '../hcl/syntax.ts'
import type { ImportProblem, SourceFile, TfResource } from './config.ts'
import type { ModuleDecls } from './declarations.ts'
import { declarationsOf } from './declarations.ts'
import { unknown } from './value-ops.ts'
import type { Loc, TfUnknown, TfValue } from './value.ts'

/** The input of {@link loadTerraform}. */
export interface LoadInput {
  /** The root directory's `*.tf` files. */
  readonly root: readonly SourceFile[]
  /** A local module's `*.tf` files; `dir` is relative to the root and normalised (`modules/x`, `../shared`). */
  readonly readModule: (dir: string) => readonly SourceFile[] | undefined
  readonly parse: ParseHcl
  /** Root variable values from `.tfvars` files and `--var` flags. */
  readonly variables: ReadonlyMap<
    string,
    { readonly value: TfValue; readonly from: 'tfvars' | 'flag'; readonly loc?: Loc }
  >
  /** Attributes known only after apply that the caller can say more about (ARNs built from names…). */
  readonly computed?: (resource: TfResource, attribute: string) => TfValue | undefined
}

type Entry =
  | { readonly state: 'busy'; readonly label: string }
  | { readonly state: 'done'; readonly value: unknown }

export class Session {
  readonly input: LoadInput
  readonly problems: ImportProblem[] = []
  private readonly reported = new Set<string>()
  private readonly memo = new Map<string, Entry>()
  private readonly stack: string[] = []
  private readonly modules = new Map<string, ModuleDecls | undefined>()

  constructor(input: LoadInput) {
    this.input = input
  }

  problem(problem: ImportProblem): void {
    const { file, line, column } = problem.loc
    const key = `${problem.severity}|${problem.message}|${file}:${line}:${column}`
    if (this.reported.has(key)) return
    this.reported.add(key)
    this.problems.push(problem)
  }

  /**
   * `compute()` once per key. A key asked for while it is being computed is a cycle: reported
   * once, and `onCycle` says what the inner request gets instead.
   */
  once<T>(
    key: string,
    label: string,
    loc: Loc,
    compute: () => T,
    onCycle: (cycle: TfUnknown) => T,
  ): T {
    const entry = this.memo.get(key)
    if (entry?.state === 'done') return entry.value as T
    if (entry?.state === 'busy') {
      const from = this.stack.indexOf(key)
      const chain = [...this.stack.slice(from === -1 ? 0 : from), key].map((k) => this.labelOf(k))
      const message = `cycle: ${chain.join(' → ')}`
      this.problem({ severity: 'error', message, loc })
      return onCycle(unknown(message, loc))
    }
    this.memo.set(key, { state: 'busy', label })
    this.stack.push(key)
    try {
      const value = compute()
      this.memo.set(key, { state: 'done', value })
      return value
    } finally {
      this.stack.pop()
    }
  }

  private labelOf(key: string): string {
    const entry = this.memo.get(key)
    return entry?.state === 'busy' ? entry.label : key
  }

  /** The root module's (`''`) or a local module's declarations; undefined when it has no files. */
  declarations(dir: string): ModuleDecls | undefined {
    if (this.modules.has(dir)) return this.modules.get(dir)
    const files = dir === '' ? this.input.root : this.input.readModule(dir)
    const decls =
      files === undefined ? undefined : declarationsOf(this.parseAll(files), (p) => this.problem(p))
    this.modules.set(dir, decls)
    return decls
  }

  private parseAll(files: readonly SourceFile[]): HclFile[] {
    const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    return sorted.map((file) => {
      const parsed = this.input.parse(file)
      for (const error of parsed.errors)
        this.problem({ severity: 'error', message: error.message, loc: error.loc })
      return parsed
    })
  }
}
