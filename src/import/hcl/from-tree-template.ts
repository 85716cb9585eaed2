/**
 * Quoted strings and heredocs. Literal text is sliced from the source between interpolations and
 * directives rather than read from tree-sitter's `template_literal` nodes, which leave out
 * whitespace the grammar treats as insignificant; then heredoc indentation, escapes and strip
 * markers (`${~ … ~}`) are applied so the evaluator sees final text.
 */
import type { Node } from 'web-tree-sitter'
import { expressionFrom, invalid } from './from-tree-expr.ts'
import type { Expr, TemplatePart } from './syntax.ts'
import type { TreeReader } from './tree-reader.ts'
import { firstOfType, locAt, namedOfType, report, significant } from './tree-reader.ts'
import type { Loc } from '../terraform/value.ts'

type Token = {
  readonly start: number
  readonly end: number
  readonly stripLeft: boolean
  readonly stripRight: boolean
  readonly loc: Loc
} & (
  | { readonly t: 'interpolation' | 'if'; readonly expr: Expr }
  | { readonly t: 'for'; readonly names: readonly string[]; readonly expr: Expr }
  | { readonly t: 'else' | 'endif' | 'endfor' }
)

/** A `string_lit`, `quoted_template` or `heredoc_template` node as a template expression. */
export function templateFrom(reader: TreeReader, node: Node): Expr {
  const loc = locAt(reader, node)
  const heredoc = node.type === 'heredoc_template'
  const range = heredoc ? heredocRange(reader, node) : quotedRange(node)
  const tokens: Token[] = []
  collectTokens(reader, node, tokens)
  const text = reader.file.text
  let literals: string[] = []
  let at = range.start
  for (const token of tokens) {
    literals.push(text.slice(at, token.start))
    at = token.end
  }
  literals.push(text.slice(at, range.end))
  if (heredoc) {
    if (significant(node).some((child) => child.type === 'heredoc_start' && child.text === '<<-'))
      literals = removeIndentation(literals)
    literals = literals.map((literal) => literal.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'))
  } else {
    if (literals.some((literal) => literal.includes('\n')))
      report(
        reader,
        node,
        'a quoted string must end on the line it starts: is a closing " missing?',
      )
    literals = literals.map((literal) => unescape(reader, node, literal))
  }
  applyStripMarkers(literals, tokens)
  return { kind: 'template', parts: new PartBuilder(reader, node, literals, tokens).all(), loc }
}

/** The text of a string literal that cannot hold interpolations, such as a block label. */
export function stringLiteralText(reader: TreeReader, node: Node): string {
  const range = quotedRange(node)
  return unescape(reader, node, reader.file.text.slice(range.start, range.end))
}

function quotedRange(node: Node): { start: number; end: number } {
  const kids = significant(node)
  const open = kids.find((kid) => kid.type === 'quoted_template_start')
  const close = kids.findLast((kid) => kid.type === 'quoted_template_end')
  return { start: open?.endIndex ?? node.startIndex, end: close?.startIndex ?? node.endIndex }
}

/** From the line after `<<EOT` to the start of the line holding the closing marker. */
function heredocRange(reader: TreeReader, node: Node): { start: number; end: number } {
  const text = reader.file.text
  const markers = namedOfType(node, 'heredoc_identifier')
  const open = markers[0]
  const close = markers.length > 1 ? markers[markers.length - 1] : undefined
  const afterOpen = open === undefined ? node.startIndex : open.endIndex
  const newline = text.indexOf('\n', afterOpen)
  const start = newline === -1 ? afterOpen : newline + 1
  if (close === undefined) return { start, end: Math.max(start, node.endIndex) }
  const lineStart = text.lastIndexOf('\n', close.startIndex - 1) + 1
  return { start, end: Math.max(start, lineStart) }
}

const DIRECTIVE_TOKENS: Readonly<Record<string, Token['t']>> = {
  template_if_intro: 'if',
  template_else_intro: 'else',
  template_if_end: 'endif',
  template_for_start: 'for',
  template_for_end: 'endfor',
}

function collectTokens(reader: TreeReader, node: Node, out: Token[]): void {
  for (const child of significant(node)) {
    const type = child.type
    if (type === 'template_directive' || type === 'template_if' || type === 'template_for') {
      collectTokens(reader, child, out)
      continue
    }
    const t = type === 'template_interpolation' ? 'interpolation' : DIRECTIVE_TOKENS[type]
    if (t === undefined) continue
    const kids = significant(child)
    const stripLeft = kids[1]?.type === 'strip_marker'
    const stripRight = kids.length - 2 > 1 && kids[kids.length - 2]?.type === 'strip_marker'
    const base = { start: child.startIndex, end: child.endIndex, stripLeft, stripRight }
    const loc = locAt(reader, child)
    const exprNode = firstOfType(child, 'expression')
    const expr = exprNode === undefined ? invalid(loc) : expressionFrom(reader, exprNode)
    if (t === 'interpolation' || t === 'if') out.push({ ...base, loc, t, expr })
    else if (t === 'for') {
      const names = namedOfType(child, 'identifier').map((name) => name.text)
      out.push({ ...base, loc, t, names, expr })
    } else out.push({ ...base, loc, t })
  }
}

/** `<<-`: the smallest indentation of the non-blank lines comes off every line. */
function removeIndentation(literals: readonly string[]): string[] {
  const lineStarts = (literal: string, index: number): number[] => {
    const starts: number[] = index === 0 ? [0] : []
    for (let i = literal.indexOf('\n'); i !== -1; i = literal.indexOf('\n', i + 1))
      starts.push(i + 1)
    return starts
  }
  let least = Infinity
  literals.forEach((literal, index) => {
    for (const start of lineStarts(literal, index)) {
      const rest = literal.slice(start)
      const indent = /^[ \t]*/.exec(rest)?.[0].length ?? 0
      const lineEnd = rest.charAt(indent)
      const followedByToken = indent === rest.length && index < literals.length - 1
      if (lineEnd === '\n' || (indent === rest.length && !followedByToken)) continue
      least = Math.min(least, indent)
    }
  })
  if (least === Infinity || least === 0) return [...literals]
  return literals.map((literal, index) => {
    let out = ''
    let at = 0
    for (const start of lineStarts(literal, index)) {
      out += literal.slice(at, start)
      const indent = /^[ \t]*/.exec(literal.slice(start))?.[0].length ?? 0
      at = start + Math.min(indent, least)
    }
    return out + literal.slice(at)
  })
}

const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '"': '"',
  '\\': '\\',
}

function unescape(reader: TreeReader, node: Node, literal: string): string {
  return literal.replace(
    /\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[^])|\$\$\{|%%\{/g,
    (whole, escape: string | undefined) => {
      if (escape === undefined) return whole.slice(1)
      const code = escape.length > 1 ? parseInt(escape.slice(1), 16) : undefined
      if (code !== undefined && code <= 0x10ffff) return String.fromCodePoint(code)
      const plain = ESCAPES[escape]
      if (plain !== undefined) return plain
      report(reader, node, `invalid escape sequence \\${escape} in a quoted string`)
      return escape
    },
  )
}

function applyStripMarkers(literals: string[], tokens: readonly Token[]): void {
  tokens.forEach((token, index) => {
    const before = literals[index]
    const after = literals[index + 1]
    if (token.stripLeft && before !== undefined) literals[index] = before.trimEnd()
    if (token.stripRight && after !== undefined) literals[index + 1] = after.trimStart()
  })
}

/** Nests the flat token list: `if`/`else`/`endif` and `for`/`endfor` become parts with bodies. */
class PartBuilder {
  private next = 0
  private readonly reader: TreeReader
  private readonly node: Node
  private readonly literals: readonly string[]
  private readonly tokens: readonly Token[]

  constructor(
    reader: TreeReader,
    node: Node,
    literals: readonly string[],
    tokens: readonly Token[],
  ) {
    this.reader = reader
    this.node = node
    this.literals = literals
    this.tokens = tokens
  }

  all(): TemplatePart[] {
    return this.until([]).parts
  }

  private until(stops: readonly Token['t'][]): { parts: TemplatePart[]; stop?: Token } {
    const parts: TemplatePart[] = []
    this.literal(parts)
    for (let token = this.tokens[this.next]; token !== undefined; token = this.tokens[this.next]) {
      if (stops.includes(token.t)) return { parts, stop: token }
      this.next += 1
      this.part(token, parts)
      this.literal(parts)
    }
    return { parts }
  }

  private part(token: Token, parts: TemplatePart[]): void {
    if (token.t === 'interpolation') {
      parts.push({ kind: 'interpolation', expr: token.expr, loc: token.expr.loc })
    } else if (token.t === 'if') {
      const then = this.until(['else', 'endif'])
      let otherwise: TemplatePart[] = []
      if (then.stop?.t === 'else') {
        this.next += 1
        const rest = this.until(['endif'])
        otherwise = rest.parts
        this.close(rest.stop, 'endif', token)
      } else this.close(then.stop, 'endif', token)
      parts.push({
        kind: 'if',
        cond: token.expr,
        then: then.parts,
        else: otherwise,
        loc: token.loc,
      })
    } else if (token.t === 'for') {
      const body = this.until(['endfor'])
      this.close(body.stop, 'endfor', token)
      const [first, second] = token.names
      const names =
        second === undefined ? { valueVar: first ?? '' } : { keyVar: first ?? '', valueVar: second }
      parts.push({
        kind: 'for',
        ...names,
        collection: token.expr,
        body: body.parts,
        loc: token.loc,
      })
    } else {
      this.reader.errors.push({
        message: `%{${token.t}} without its opening directive`,
        loc: token.loc,
      })
    }
  }

  private close(stop: Token | undefined, expected: 'endif' | 'endfor', opener: Token): void {
    if (stop === undefined) {
      this.reader.errors.push({
        message: `%{${opener.t}} is missing its %{${expected}}`,
        loc: opener.loc,
      })
    } else this.next += 1
  }

  private literal(parts: TemplatePart[]): void {
    const text = this.literals[this.next] ?? ''
    if (text === '') return
    const last = parts[parts.length - 1]
    if (last?.kind === 'literal')
      parts[parts.length - 1] = { kind: 'literal', text: last.text + text }
    else parts.push({ kind: 'literal', text })
  }
}
