/**
 * Expressions. tree-sitter's HCL grammar hides its `_expr_term` rule, so a traversal such as
 * `a.b[0]` arrives as sibling nodes (`variable_expr`, `get_attr`, `index`) inside whatever holds
 * it; {@link termFrom} reads such a run of siblings as one term.
 */
import type { Node } from 'web-tree-sitter'
import { templateFrom } from './from-tree-template.ts'
import type { BinaryOperator, Expr, ObjectItem, Step } from './syntax.ts'
import type { TreeReader } from './tree-reader.ts'
import { firstOfType, locAt, namedOfType, significant } from './tree-reader.ts'
import type { Loc } from '../terraform/value.ts'

const BINARY: ReadonlySet<string> = new Set<BinaryOperator>([
  '+',
  '-',
  '*',
  '/',
  '%',
  '>',
  '>=',
  '<',
  '<=',
  '==',
  '!=',
  '&&',
  '||',
])

export function invalid(loc: Loc): Expr {
  return { kind: 'invalid', loc }
}

export function expressionFrom(reader: TreeReader, node: Node): Expr {
  if (node.type !== 'expression') return termFrom(reader, [node])
  const kids = significant(node)
  const [only] = kids
  if (kids.length === 1 && only?.type === 'conditional') {
    const [cond, then, otherwise] = namedOfType(only, 'expression').map((e) =>
      expressionFrom(reader, e),
    )
    const loc = locAt(reader, only)
    if (cond === undefined || then === undefined || otherwise === undefined) return invalid(loc)
    return { kind: 'conditional', cond, then, else: otherwise, loc }
  }
  return termFrom(reader, kids)
}

/** A primary expression followed by any number of `.attr`, `[index]` and splat steps. */
function termFrom(reader: TreeReader, kids: readonly Node[]): Expr {
  const [first] = kids
  if (first === undefined)
    return { kind: 'invalid', loc: { file: reader.file.path, line: 0, column: 0 } }
  const loc = locAt(reader, first)
  let primary: Expr
  let rest: readonly Node[]
  if (first.type === '(') {
    const close = kids.findIndex((kid) => kid.type === ')')
    const inner = kids[1]
    primary =
      inner === undefined
        ? invalid(loc)
        : { kind: 'parens', expr: expressionFrom(reader, inner), loc }
    rest = close === -1 ? [] : kids.slice(close + 1)
  } else {
    primary = primaryFrom(reader, first)
    rest = kids.slice(1)
  }
  if (rest.length === 0) return primary
  return {
    kind: 'traversal',
    target: primary,
    steps: rest.map((step) => stepFrom(reader, step)),
    loc,
  }
}

function stepFrom(reader: TreeReader, node: Node): Step {
  const loc = locAt(reader, node)
  if (node.type === 'get_attr') {
    return { kind: 'attr', name: firstOfType(node, 'identifier')?.text ?? '', loc }
  }
  if (node.type === 'index') {
    const inner = node.namedChildren[0]
    if (inner?.type === 'legacy_index') {
      return {
        kind: 'index',
        key: { kind: 'number', value: Number(inner.text.slice(1)), loc },
        loc,
      }
    }
    const key = inner === undefined ? undefined : firstOfType(inner, 'expression')
    return {
      kind: 'index',
      key: key === undefined ? invalid(loc) : expressionFrom(reader, key),
      loc,
    }
  }
  if (node.type === 'splat') {
    const inner = node.namedChildren[0]
    const steps =
      inner === undefined ? [] : inner.namedChildren.map((step) => stepFrom(reader, step))
    return { kind: 'splat', steps, loc }
  }
  return { kind: 'index', key: invalid(loc), loc }
}

function primaryFrom(reader: TreeReader, node: Node): Expr {
  const loc = locAt(reader, node)
  switch (node.type) {
    case 'expression':
      return expressionFrom(reader, node)
    case 'literal_value':
    case 'collection_value':
    case 'template_expr':
    case 'for_expr':
    case 'operation': {
      const inner = node.namedChildren.find((child) => child.type !== 'comment')
      return inner === undefined ? invalid(loc) : primaryFrom(reader, inner)
    }
    case 'numeric_lit':
      return { kind: 'number', value: Number(node.text), loc }
    case 'bool_lit':
      return { kind: 'bool', value: node.text === 'true', loc }
    case 'null_lit':
      return { kind: 'null', loc }
    case 'string_lit':
    case 'quoted_template':
    case 'heredoc_template':
      return templateFrom(reader, node)
    case 'variable_expr':
      return { kind: 'variable', name: node.text, loc }
    case 'tuple':
      return {
        kind: 'tuple',
        items: namedOfType(node, 'expression').map((e) => expressionFrom(reader, e)),
        loc,
      }
    case 'object':
      return {
        kind: 'object',
        items: namedOfType(node, 'object_elem').map((e) => itemFrom(reader, e)),
        loc,
      }
    case 'function_call':
      return callFrom(reader, node, loc)
    case 'for_tuple_expr':
    case 'for_object_expr':
      return forFrom(reader, node, loc)
    case 'unary_operation': {
      const [op, ...operand] = significant(node)
      const sign = op?.type === '!' ? '!' : '-'
      return { kind: 'unary', op: sign, operand: termFrom(reader, operand), loc }
    }
    case 'binary_operation':
      return binaryFrom(reader, node, loc)
    default:
      return invalid(loc)
  }
}

function binaryFrom(reader: TreeReader, node: Node, loc: Loc): Expr {
  const kids = significant(node)
  const at = kids.findIndex((kid) => !kid.isNamed && BINARY.has(kid.type))
  if (at <= 0) return invalid(loc)
  const op = kids[at]?.type as BinaryOperator
  return {
    kind: 'binary',
    op,
    left: termFrom(reader, kids.slice(0, at)),
    right: termFrom(reader, kids.slice(at + 1)),
    loc,
  }
}

function itemFrom(reader: TreeReader, node: Node): ObjectItem {
  const loc = locAt(reader, node)
  const keyNode = node.childForFieldName('key')
  const valueNode = node.childForFieldName('val')
  const value = valueNode === null ? invalid(loc) : expressionFrom(reader, valueNode)
  if (keyNode === null) return { key: { kind: 'expr', expr: invalid(loc) }, value, loc }
  const keyKids = significant(keyNode)
  const [only] = keyKids
  if (keyKids.length === 1 && only?.type === 'variable_expr') {
    return { key: { kind: 'name', name: only.text }, value, loc }
  }
  return { key: { kind: 'expr', expr: expressionFrom(reader, keyNode) }, value, loc }
}

function callFrom(reader: TreeReader, node: Node, loc: Loc): Expr {
  const name = firstOfType(node, 'identifier')?.text ?? ''
  const args = firstOfType(node, 'function_arguments')
  if (args === undefined) return { kind: 'call', name, args: [], expandLast: false, loc }
  return {
    kind: 'call',
    name,
    args: namedOfType(args, 'expression').map((arg) => expressionFrom(reader, arg)),
    expandLast: firstOfType(args, 'ellipsis') !== undefined,
    loc,
  }
}

function forFrom(reader: TreeReader, node: Node, loc: Loc): Expr {
  const intro = firstOfType(node, 'for_intro')
  const names = intro === undefined ? [] : namedOfType(intro, 'identifier').map((name) => name.text)
  const collectionNode = intro === undefined ? undefined : firstOfType(intro, 'expression')
  const exprs = namedOfType(node, 'expression').map((e) => expressionFrom(reader, e))
  const condNode = firstOfType(node, 'for_cond')
  const condExpr = condNode === undefined ? undefined : firstOfType(condNode, 'expression')
  const [first, second] = names
  const vars =
    second === undefined ? { valueVar: first ?? '' } : { keyVar: first ?? '', valueVar: second }
  const objectForm = node.type === 'for_object_expr'
  const [keyExpr, valueExpr] = objectForm ? exprs : [undefined, exprs[0]]
  if (collectionNode === undefined || valueExpr === undefined) return invalid(loc)
  return {
    kind: 'for',
    ...vars,
    collection: expressionFrom(reader, collectionNode),
    ...(keyExpr === undefined ? {} : { keyExpr }),
    valueExpr,
    ...(condExpr === undefined ? {} : { cond: expressionFrom(reader, condExpr) }),
    group: objectForm && firstOfType(node, 'ellipsis') !== undefined,
    loc,
  }
}
