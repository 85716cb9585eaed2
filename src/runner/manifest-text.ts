/**
 * The runner's entry as manifest text: YAML to paste under `identities:`, and the manifest with
 * the entry written into it. The manifest's own text is kept byte for byte around the entry —
 * its comments, quoting and flow style are a person's, and re-serializing the whole document
 * would restyle them — so the entry is placed by the positions the YAML parser reports.
 */
import { Document, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml'

/** Lists of short scalars read best on one line, as the examples write them. */
const FLOW_WIDTH = 90

/** `id:` and its entry, indented by `indent` as an entry of `identities:` is. */
export function entryYaml(id: string, entry: unknown, indent = '  '): string {
  const document = new Document({ [id]: entry }, { aliasDuplicateObjects: false })
  visit(document, {
    Seq(_, node) {
      const scalars = node.items.every((item) => isScalar(item))
      const width = node.items.reduce<number>((sum, item) => sum + String(item).length + 2, 0)
      if (scalars && width <= FLOW_WIDTH) node.flow = true
    },
  })
  const text = document.toString({ lineWidth: 0, flowCollectionPadding: false, singleQuote: true })
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `${indent}${line}`))
    .join('\n')
}

export type Merge =
  | { readonly kind: 'merged'; readonly text: string; readonly replaced: boolean }
  | { readonly kind: 'unmergeable'; readonly why: string }

/**
 * `text` with `id`'s entry under `identities:` replaced by (or, when absent, followed by) the
 * entry `render` writes at the indentation it is given.
 */
export function mergeEntry(text: string, id: string, render: (indent: string) => string): Merge {
  const document = parseDocument(text)
  if (document.errors.length > 0)
    return { kind: 'unmergeable', why: 'the manifest is not valid YAML' }
  const identities = document.get('identities', true)
  const range = isMap(identities) && identities.flow !== true ? identities.range : undefined
  if (!isMap(identities) || range === undefined || range === null)
    return { kind: 'unmergeable', why: '`identities` is not a block mapping' }
  const pairs = identities.items
  const first = pairs[0]?.key
  const firstAt = isScalar(first) ? first.range?.[0] : undefined
  if (firstAt === undefined)
    return { kind: 'unmergeable', why: '`identities` has no entry to align with' }
  const indent = ' '.repeat(firstAt - lineStart(text, firstAt))
  const entry = render(indent)
  const existing = pairs.find((p) => isScalar(p.key) && p.key.value === id)
  if (existing !== undefined) {
    const value = existing.value
    const start = isScalar(existing.key) ? existing.key.range?.[0] : undefined
    const end = isMap(value) || isSeq(value) || isScalar(value) ? value.range?.[1] : undefined
    if (start === undefined || end === undefined)
      return { kind: 'unmergeable', why: `the entry \`${id}\` cannot be located` }
    const from = lineStart(text, start)
    const to = lineEnd(text, end)
    return { kind: 'merged', text: splice(text, from, to, entry), replaced: true }
  }
  const at = lineEnd(text, range[1])
  return { kind: 'merged', text: splice(text, at, at, entry), replaced: false }
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1
}

/** The offset just past the line holding the character before `offset` (its newline included). */
function lineEnd(text: string, offset: number): number {
  const last = Math.max(0, offset - 1)
  const newline = text.indexOf('\n', last)
  return newline === -1 ? text.length : newline + 1
}

function splice(text: string, from: number, to: number, insert: string): string {
  const before = text.slice(0, from)
  const glue = before === '' || before.endsWith('\n') ? '' : '\n'
  const tail = insert.endsWith('\n') ? insert : `${insert}\n`
  return `${before}${glue}${tail}${text.slice(to)}`
}
