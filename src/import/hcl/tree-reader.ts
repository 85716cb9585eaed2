/**
 * What the tree-sitter conversion shares: the file being read, the errors found so far, and
 * helpers over tree-sitter nodes. Only types come from web-tree-sitter; loading the grammar is
 * the CLI's job (`src/cli/hcl-parser.ts`).
 */
import type { Node } from 'web-tree-sitter'
import type { SourceFile } from '../terraform/config.ts'
import type { Loc } from '../terraform/value.ts'
import type { HclSyntaxError } from './syntax.ts'

export interface TreeReader {
  readonly file: SourceFile
  readonly errors: HclSyntaxError[]
}

export function locAt(reader: TreeReader, node: Node): Loc {
  return {
    file: reader.file.path,
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
  }
}

export function report(reader: TreeReader, node: Node, message: string): void {
  reader.errors.push({ message, loc: locAt(reader, node) })
}

/** A node's children without comments, which tree-sitter places wherever they occur. */
export function significant(node: Node): Node[] {
  return node.children.filter((child) => child.type !== 'comment')
}

export function namedOfType(node: Node, type: string): Node[] {
  return node.namedChildren.filter((child) => child.type === type)
}

export function firstOfType(node: Node, type: string): Node | undefined {
  return node.namedChildren.find((child) => child.type === type)
}
