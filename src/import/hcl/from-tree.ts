/**
 * Converts tree-sitter's concrete syntax tree of a Terraform file into keyward's {@link HclFile}.
 * Pure: the caller parses (see `src/cli/hcl-parser.ts`) and hands over the root node.
 */
import type { Node } from 'web-tree-sitter'
import { expressionFrom, invalid } from './from-tree-expr.ts'
import { stringLiteralText } from './from-tree-template.ts'
import type { HclAttribute, HclBlock, HclBody, HclFile, HclLabel } from './syntax.ts'
import { syntaxErrors } from './syntax-errors.ts'
import type { TreeReader } from './tree-reader.ts'
import { firstOfType, locAt, significant } from './tree-reader.ts'
import type { SourceFile } from '../terraform/config.ts'

const EMPTY: HclBody = { attributes: [], blocks: [] }

/** keyward's syntax tree of `file`, whose tree-sitter parse has `root` as its root node. */
export function hclFileFromTree(file: SourceFile, root: Node): HclFile {
  const reader: TreeReader = { file, errors: [] }
  const [top] = root.namedChildren.filter((child) => child.type !== 'comment')
  let body = EMPTY
  if (top?.type === 'body') body = bodyFrom(reader, top)
  else if (top?.type === 'object') body = jsonBodyFrom(reader, top)
  const errors = [...syntaxErrors(reader, root), ...reader.errors]
  errors.sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column)
  return { path: file.path, body, errors }
}

function bodyFrom(reader: TreeReader, node: Node): HclBody {
  const attributes: HclAttribute[] = []
  const blocks: HclBlock[] = []
  for (const child of node.namedChildren) {
    if (child.type === 'attribute') {
      const name = firstOfType(child, 'identifier')
      const expr = firstOfType(child, 'expression')
      if (name === undefined) continue
      const loc = locAt(reader, name)
      const attribute = {
        name: name.text,
        expr: expr === undefined ? invalid(loc) : expressionFrom(reader, expr),
        loc,
      }
      const earlier = attributes.find((a) => a.name === attribute.name)
      if (earlier !== undefined) {
        reader.errors.push({
          message: `attribute "${attribute.name}" is set twice (first on line ${earlier.loc.line})`,
          loc,
        })
      } else attributes.push(attribute)
    } else if (child.type === 'block') {
      blocks.push(blockFrom(reader, child))
    }
  }
  return { attributes, blocks }
}

function blockFrom(reader: TreeReader, node: Node): HclBlock {
  const [typeNode, ...rest] = significant(node)
  const labels: HclLabel[] = []
  for (const label of rest) {
    if (label.type === 'identifier') labels.push({ value: label.text, loc: locAt(reader, label) })
    else if (label.type === 'string_lit')
      labels.push({ value: stringLiteralText(reader, label), loc: locAt(reader, label) })
    else break
  }
  const inner = firstOfType(node, 'body')
  return {
    type: typeNode?.text ?? '',
    labels,
    body: inner === undefined ? EMPTY : bodyFrom(reader, inner),
    loc: locAt(reader, node),
  }
}

/** A `.tfvars.json` file: its top-level object's members read as attributes. */
function jsonBodyFrom(reader: TreeReader, node: Node): HclBody {
  const attributes: HclAttribute[] = []
  for (const elem of node.namedChildren.filter((child) => child.type === 'object_elem')) {
    const key = elem.childForFieldName('key')
    const value = elem.childForFieldName('val')
    const literal = key?.namedChildren[0]?.namedChildren[0]
    if (key === null || value === null || literal?.type !== 'string_lit') continue
    attributes.push({
      name: stringLiteralText(reader, literal),
      expr: expressionFrom(reader, value),
      loc: locAt(reader, key),
    })
  }
  return { attributes, blocks: [] }
}
