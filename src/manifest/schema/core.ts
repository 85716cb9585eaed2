/**
 * A small schema language for the manifest. One definition both reads the YAML tree — reporting
 * every problem at its exact position, never stopping at the first — and produces the JSON Schema
 * editors use. Keeping both in one place is what keeps them from drifting apart.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml'
import type { DiagnosticCode } from '../../model/diagnostic-codes.ts'
import type { Path, SpanPart, YamlSource } from '../yaml-source.ts'

/** A JSON Schema (draft-07) fragment; only the keywords we emit. */
export type JsonSchema = { readonly [keyword: string]: unknown }

export interface Issue {
  readonly code: DiagnosticCode
  readonly path: Path
  readonly part?: SpanPart
  readonly message: string
  readonly hint?: string
}

export interface ReadContext {
  readonly source: YamlSource
  report(issue: Issue): void
}

/** Returned by a schema that could not make sense of its node; the problem is already reported. */
export const INVALID: unique symbol = Symbol('invalid')
export type Invalid = typeof INVALID

export interface Schema<T> {
  /** Reads `node` (already alias-resolved), reporting problems through `cx`. */
  read(node: Node | null, cx: ReadContext, path: Path): T | Invalid
  toJsonSchema(): JsonSchema
}

export type Infer<S> = S extends Schema<infer T> ? T : never

/** Marks an object field as optional; an absent optional field is absent in the result too. */
export interface Optional<T> {
  readonly optional: true
  readonly schema: Schema<T>
}

export function optional<T>(schema: Schema<T>): Optional<T> {
  return { optional: true, schema }
}

/** "a string", "a list", … for messages that say what was found. */
export function describeNode(node: Node | null): string {
  if (node === null) return 'nothing'
  if (isMap(node)) return 'a mapping'
  if (isSeq(node)) return 'a list'
  if (isScalar(node)) {
    const value = node.value
    if (value === null) return 'an empty value'
    if (typeof value === 'string') return `the string "${value}"`
    if (typeof value === 'number' || typeof value === 'bigint') return `the number ${String(value)}`
    if (typeof value === 'boolean') return `the boolean ${String(value)}`
  }
  return 'an unsupported YAML value'
}

export function typeMismatch(
  cx: ReadContext,
  path: Path,
  expected: string,
  node: Node | null,
): Invalid {
  cx.report({
    code: 'invalid-type',
    path,
    message: `Expected ${expected}, found ${describeNode(node)}.`,
  })
  return INVALID
}

/** A schema with a description attached, for editors' hover text. */
export function described<T>(schema: Schema<T>, description: string): Schema<T> {
  return {
    read: (node, cx, path) => schema.read(node, cx, path),
    toJsonSchema: () => ({ ...schema.toJsonSchema(), description }),
  }
}

/** Post-checks on a value that read cleanly: cross-field rules such as "one of a or b". */
export function refined<T>(
  schema: Schema<T>,
  check: (value: T, cx: ReadContext, path: Path) => T | Invalid,
): Schema<T> {
  return {
    read(node, cx, path) {
      const value = schema.read(node, cx, path)
      return value === INVALID ? INVALID : check(value, cx, path)
    },
    toJsonSchema: () => schema.toJsonSchema(),
  }
}
