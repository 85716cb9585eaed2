/**
 * tree-sitter recovers from bad input by wrapping what it could not read in `ERROR` nodes and
 * inventing `MISSING` tokens; each becomes one error at its file:line.
 */
import type { Node } from 'web-tree-sitter'
import type { HclSyntaxError } from './syntax.ts'
import type { TreeReader } from './tree-reader.ts'
import { locAt } from './tree-reader.ts'

const SNIPPET = 40
const UNCLOSED = 'a quoted string is not closed on its line, or holds an invalid escape sequence'

export function syntaxErrors(reader: TreeReader, root: Node): HclSyntaxError[] {
  const errors: HclSyntaxError[] = []
  const visit = (node: Node): void => {
    if (node.isError) {
      const kids = node.children
      const open = kids.findIndex((kid) => kid.type === 'quoted_template_start')
      const quote = kids[open]
      if (
        quote !== undefined &&
        !kids.slice(open + 1).some((kid) => kid.type === 'quoted_template_end')
      ) {
        errors.push({ message: UNCLOSED, loc: locAt(reader, quote) })
      } else if (kids.some((kid) => kid.isError || kid.hasError)) {
        // An error wrapping others (often a whole block) says less than the ones inside it.
        for (const kid of kids) visit(kid)
      } else {
        errors.push({
          message: `syntax error: cannot read ${snippet(node.text)}`,
          loc: locAt(reader, node),
        })
      }
      return
    }
    if (node.isMissing) {
      const what = node.isNamed ? node.type.replace(/_/g, ' ') : `"${node.type}"`
      errors.push({ message: `syntax error: missing ${what}`, loc: locAt(reader, node) })
      return
    }
    if (!node.hasError) return
    for (const child of node.children) visit(child)
  }
  visit(root)
  return errors
}

function snippet(text: string): string {
  const line = text.trim().split('\n')[0] ?? ''
  if (line === '') return 'this text'
  return JSON.stringify(line.length > SNIPPET ? `${line.slice(0, SNIPPET)}…` : line)
}
