/**
 * keyward's own HCL syntax tree: what the Terraform importer evaluates. It is converted from
 * tree-sitter's concrete tree (see `from-tree.ts`) so the evaluator never depends on the grammar's
 * node shapes, and templates arrive already unescaped, strip markers applied and heredoc
 * indentation removed.
 */
import type { SourceFile } from '../terraform/config.ts'
import type { Loc } from '../terraform/value.ts'

/** One parsed `.tf` or `.tfvars` file. Syntax errors never throw: they are listed here. */
export interface HclFile {
  readonly path: string
  readonly body: HclBody
  readonly errors: readonly HclSyntaxError[]
}

export interface HclSyntaxError {
  readonly message: string
  readonly loc: Loc
}

/** Parses one HCL file into keyward's syntax tree; never throws on bad input. */
export type ParseHcl = (file: SourceFile) => HclFile

export interface HclBody {
  readonly attributes: readonly HclAttribute[]
  readonly blocks: readonly HclBlock[]
}

export interface HclAttribute {
  readonly name: string
  readonly expr: Expr
  /** The attribute's name. */
  readonly loc: Loc
}

export interface HclLabel {
  readonly value: string
  readonly loc: Loc
}

export interface HclBlock {
  readonly type: string
  readonly labels: readonly HclLabel[]
  readonly body: HclBody
  /** The block's type keyword. */
  readonly loc: Loc
}

export type BinaryOperator =
  '+' | '-' | '*' | '/' | '%' | '>' | '>=' | '<' | '<=' | '==' | '!=' | '&&' | '||'

/** One step of a traversal after its first term: `.name`, `[expr]`, or a splat over the rest. */
export type Step =
  | { readonly kind: 'attr'; readonly name: string; readonly loc: Loc }
  | { readonly kind: 'index'; readonly key: Expr; readonly loc: Loc }
  /** `[*]` or `.*`: every following step applies to each element. */
  | { readonly kind: 'splat'; readonly steps: readonly Step[]; readonly loc: Loc }

export interface ObjectItem {
  /** `name = …` keys are literal names; `"…"` and `(…)` keys are expressions. */
  readonly key:
    | { readonly kind: 'name'; readonly name: string }
    | { readonly kind: 'expr'; readonly expr: Expr }
  readonly value: Expr
  readonly loc: Loc
}

export type Expr =
  | { readonly kind: 'null'; readonly loc: Loc }
  | { readonly kind: 'bool'; readonly value: boolean; readonly loc: Loc }
  | { readonly kind: 'number'; readonly value: number; readonly loc: Loc }
  | { readonly kind: 'template'; readonly parts: readonly TemplatePart[]; readonly loc: Loc }
  | { readonly kind: 'variable'; readonly name: string; readonly loc: Loc }
  | {
      readonly kind: 'traversal'
      readonly target: Expr
      readonly steps: readonly Step[]
      readonly loc: Loc
    }
  | { readonly kind: 'tuple'; readonly items: readonly Expr[]; readonly loc: Loc }
  | { readonly kind: 'object'; readonly items: readonly ObjectItem[]; readonly loc: Loc }
  | {
      readonly kind: 'call'
      readonly name: string
      readonly args: readonly Expr[]
      /** `f(a, list...)`: the last argument's elements are passed as separate arguments. */
      readonly expandLast: boolean
      readonly loc: Loc
    }
  | {
      readonly kind: 'for'
      readonly keyVar?: string
      readonly valueVar: string
      readonly collection: Expr
      /** Set for `{for … : k => v}`; absent for `[for … : v]`. */
      readonly keyExpr?: Expr
      readonly valueExpr: Expr
      readonly cond?: Expr
      /** `{for … : k => v...}` groups values with equal keys into lists. */
      readonly group: boolean
      readonly loc: Loc
    }
  | {
      readonly kind: 'conditional'
      readonly cond: Expr
      readonly then: Expr
      readonly else: Expr
      readonly loc: Loc
    }
  | { readonly kind: 'unary'; readonly op: '-' | '!'; readonly operand: Expr; readonly loc: Loc }
  | {
      readonly kind: 'binary'
      readonly op: BinaryOperator
      readonly left: Expr
      readonly right: Expr
      readonly loc: Loc
    }
  /** `(expr)`: kept so an object key in parentheses is evaluated rather than read as a name. */
  | { readonly kind: 'parens'; readonly expr: Expr; readonly loc: Loc }
  /** Text the parser could not read; reported among the file's errors. */
  | { readonly kind: 'invalid'; readonly loc: Loc }

export type TemplatePart =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'interpolation'; readonly expr: Expr; readonly loc: Loc }
  | {
      readonly kind: 'if'
      readonly cond: Expr
      readonly then: readonly TemplatePart[]
      readonly else: readonly TemplatePart[]
      readonly loc: Loc
    }
  | {
      readonly kind: 'for'
      readonly keyVar?: string
      readonly valueVar: string
      readonly collection: Expr
      readonly body: readonly TemplatePart[]
      readonly loc: Loc
    }
