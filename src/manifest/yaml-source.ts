/**
 * The manifest's YAML text, parsed with positions kept. Validation works on plain values and
 * paths; this module turns a path (and optionally a character range inside a scalar) back into
 * the line and column a person has to edit.
 */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  parseDocument,
  Scalar,
  type Document,
  type Node,
  type Pair,
} from 'yaml'
import type { SourceSpan } from '../model/diagnostic.ts'

export type Path = readonly (string | number)[]

/** Which part of a map entry a diagnostic should underline. */
export type SpanPart = 'key' | 'value'

export interface YamlProblem {
  readonly message: string
  readonly span: SourceSpan
}

export interface ParsedYaml {
  readonly source: YamlSource | undefined
  readonly problems: readonly YamlProblem[]
}

/** Parses one YAML document; syntax errors come back as problems, never as exceptions. */
export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter()
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const toSpan = (start: number, end: number): SourceSpan =>
    spanFromOffsets(lineCounter, start, end)
  if (!Array.isArray(documents)) {
    return { source: undefined, problems: [] }
  }
  const problems: YamlProblem[] = []
  for (const doc of documents) {
    for (const error of doc.errors) {
      problems.push({
        message: sentence(error.code, error.message),
        span: toSpan(error.pos[0], error.pos[1]),
      })
    }
  }
  const [first, second] = documents
  if (second !== undefined) {
    const start = second.range[0]
    problems.push({
      message: 'A manifest holds one YAML document; found a second one after `---`.',
      span: toSpan(start, start + 3),
    })
  }
  if (problems.length > 0) return { source: undefined, problems }
  // An empty file has no document at all; an empty one lets the schema say what is missing.
  const document = first ?? parseDocument(text, { lineCounter })
  return { source: new YamlSource(text, document, lineCounter), problems }
}

/** The parser's wording, made into a sentence; its commonest complaints get plainer words. */
const PLAIN_WORDS: Readonly<Record<string, string>> = {
  DUPLICATE_KEY: 'This key is already set earlier in the same mapping.',
  TAB_AS_INDENT: 'Tabs cannot indent YAML; use spaces.',
}

function sentence(code: string, message: string): string {
  const plain = PLAIN_WORDS[code]
  if (plain !== undefined) return plain
  const text = message.trim()
  return /[.?!]$/.test(text) ? text : `${text}.`
}

function spanFromOffsets(lineCounter: LineCounter, start: number, end: number): SourceSpan {
  const from = lineCounter.linePos(start)
  const to = lineCounter.linePos(Math.max(end, start + 1))
  return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col }
}

export class YamlSource {
  readonly text: string
  readonly document: Document
  private readonly lineCounter: LineCounter

  constructor(text: string, document: Document, lineCounter: LineCounter) {
    this.text = text
    this.document = document
    this.lineCounter = lineCounter
  }

  /** The document's root node, aliases resolved. */
  root(): Node | null {
    return this.deref(this.document.contents)
  }

  /** Follows an alias (`*name`) to the node it points at. */
  deref(node: unknown): Node | null {
    if (isAlias(node)) return this.deref(node.resolve(this.document))
    if (node === null || node === undefined) return null
    return node as Node
  }

  /**
   * The span of the node at `path`, or of the nearest ancestor that exists: a value parsed from
   * shorthand (a string given where a list is allowed) has a path one step deeper than its YAML.
   */
  span(path: Path, part: SpanPart = 'value'): SourceSpan {
    const found = this.walk(path)
    if (part === 'key' && found.pair !== undefined && found.depth === path.length) {
      const key = found.pair.key
      if (isScalar(key) && key.range) return this.offsets(key.range[0], key.range[1])
    }
    const range = found.node?.range
    if (range) return this.offsets(range[0], range[1])
    return { line: 1, column: 1, endLine: 1, endColumn: 1 }
  }

  /**
   * The span of characters `[start, end)` of the string value at `path`. Exact for plain and
   * quoted scalars whose text is the value verbatim; otherwise the whole scalar.
   */
  spanWithin(path: Path, start: number, end: number): SourceSpan {
    const found = this.walk(path)
    const node = found.node
    // A list given in shorthand (`actions: s3:GetObject`) is read as item 0 of a list.
    const shorthand = found.depth === path.length - 1 && path[path.length - 1] === 0
    if ((found.depth !== path.length && !shorthand) || !isScalar(node) || !node.range) {
      return this.span(path)
    }
    const [from, to] = node.range
    const raw = this.text.slice(from, to)
    const value = String(node.value)
    const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE
    const body = quoted ? raw.slice(1, -1) : raw
    if (body !== value) return this.span(path)
    const offset = from + (quoted ? 1 : 0)
    return this.offsets(offset + start, offset + end)
  }

  /** The source text of a scalar, as written: keeps `012345678901` where YAML reads a number. */
  sourceText(path: Path): string | undefined {
    const node = this.walk(path).node
    return isScalar(node) && node.range ? this.text.slice(node.range[0], node.range[1]) : undefined
  }

  private offsets(start: number, end: number): SourceSpan {
    return spanFromOffsets(this.lineCounter, start, end)
  }

  private walk(path: Path): { node: Node | null; pair: Pair | undefined; depth: number } {
    let node = this.root()
    let pair: Pair | undefined
    let depth = 0
    for (const segment of path) {
      let next: Node | null = null
      pair = undefined
      if (typeof segment === 'string' && isMap(node)) {
        const match = node.items.find((item) => isPair(item) && keyText(item.key) === segment)
        if (match !== undefined) {
          pair = match
          next = this.deref(match.value) ?? (isScalar(match.key) ? match.key : null)
        }
      } else if (typeof segment === 'number' && isSeq(node)) {
        next = this.deref(node.items[segment])
      }
      if (next === null) break
      node = next
      depth++
    }
    return { node, pair: depth === path.length ? pair : undefined, depth }
  }
}

export function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value)
  return undefined
}
