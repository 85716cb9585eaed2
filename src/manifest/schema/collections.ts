import { isMap, isPair, isScalar, isSeq, type Node, type YAMLMap } from 'yaml'
import { didYouMean } from '../../model/suggest.ts'
import { keyText, type Path } from '../yaml-source.ts'
import {
  INVALID,
  typeMismatch,
  type Infer,
  type Issue,
  type JsonSchema,
  type Optional,
  type ReadContext,
  type Schema,
} from './core.ts'
import { string, type StringOptions } from './scalars.ts'

export function list<T>(item: Schema<T>, options: { minItems?: number } = {}): Schema<T[]> {
  return {
    read(node, cx, path) {
      if (!isSeq(node)) return typeMismatch(cx, path, 'a list', node)
      if (options.minItems !== undefined && node.items.length < options.minItems) {
        cx.report({
          code: 'invalid-value',
          path,
          message: `This list needs at least ${options.minItems} item${options.minItems === 1 ? '' : 's'}.`,
        })
        return INVALID
      }
      const out: T[] = []
      let ok = true
      for (const [index, raw] of node.items.entries()) {
        const value = item.read(cx.source.deref(raw), cx, [...path, index])
        if (value === INVALID) ok = false
        else out.push(value)
      }
      return ok ? out : INVALID
    },
    toJsonSchema: () => ({
      type: 'array',
      items: item.toJsonSchema(),
      ...(options.minItems === undefined ? {} : { minItems: options.minItems }),
    }),
  }
}

/** A string or a list of strings, always read as a list: `actions: s3:GetObject` is fine. */
export function stringList(options: StringOptions & { minItems?: number } = {}): Schema<string[]> {
  const item = string(options)
  const many = list(item, options.minItems === undefined ? {} : { minItems: options.minItems })
  return {
    read(node, cx, path) {
      if (isSeq(node)) return many.read(node, cx, path)
      const one = item.read(node, cx, [...path, 0])
      return one === INVALID ? INVALID : [one]
    },
    toJsonSchema: () => ({ anyOf: [item.toJsonSchema(), many.toJsonSchema()] }),
  }
}

/** Picks a schema by the YAML kind of the node: a scalar, a mapping or a list. */
export function byKind<T>(
  expected: string,
  kinds: { scalar?: Schema<T>; map?: Schema<T>; seq?: Schema<T> },
): Schema<T> {
  return {
    read(node, cx, path) {
      const schema = isMap(node)
        ? kinds.map
        : isSeq(node)
          ? kinds.seq
          : isScalar(node)
            ? kinds.scalar
            : undefined
      if (schema === undefined) return typeMismatch(cx, path, expected, node)
      return schema.read(node, cx, path)
    },
    toJsonSchema: () => ({
      anyOf: [kinds.scalar, kinds.map, kinds.seq].flatMap((s) => (s ? [s.toJsonSchema()] : [])),
    }),
  }
}

export interface RecordOptions {
  /** Rule for the keys, e.g. logical ids. */
  readonly key?: { readonly pattern: RegExp; readonly patternName: string }
  readonly minEntries?: number
  readonly name: string
}

/** A mapping with keys chosen by the author (environments, identities, tags); order is kept. */
export function record<T>(value: Schema<T>, options: RecordOptions): Schema<Record<string, T>> {
  return {
    read(node, cx, path) {
      if (!isMap(node)) return typeMismatch(cx, path, `a mapping of ${options.name}`, node)
      if (options.minEntries !== undefined && node.items.length < options.minEntries) {
        cx.report({
          code: 'invalid-value',
          path,
          part: 'key',
          message: `Declare at least ${options.minEntries} ${options.name}.`,
        })
        return INVALID
      }
      const entries: [string, T][] = []
      let ok = true
      for (const [key, raw] of pairs(node, cx, path)) {
        const keyPath = [...path, key]
        if (options.key !== undefined && !options.key.pattern.test(key)) {
          cx.report({
            code: 'invalid-format',
            path: keyPath,
            part: 'key',
            message: `"${key}" is not ${options.key.patternName}.`,
          })
          ok = false
          continue
        }
        const read = value.read(cx.source.deref(raw), cx, keyPath)
        if (read === INVALID) ok = false
        else entries.push([key, read])
      }
      return ok ? Object.fromEntries(entries) : INVALID
    },
    toJsonSchema: () => ({
      type: 'object',
      ...(options.key === undefined
        ? { additionalProperties: value.toJsonSchema() }
        : {
            patternProperties: { [options.key.pattern.source]: value.toJsonSchema() },
            additionalProperties: false,
          }),
      ...(options.minEntries === undefined ? {} : { minProperties: options.minEntries }),
    }),
  }
}

/** The pairs of a map with string keys; a non-string key is reported and skipped. */
function* pairs(node: YAMLMap, cx: ReadContext, path: Path): Generator<[string, unknown]> {
  for (const item of node.items) {
    if (!isPair(item)) continue
    const key = keyText(item.key)
    if (key === undefined || !isScalar(item.key) || typeof item.key.value !== 'string') {
      cx.report({
        code: 'invalid-type',
        path,
        message: 'Keys must be plain strings.',
      })
      continue
    }
    if (key === '<<') {
      cx.report({
        code: 'unknown-key',
        path: [...path, key],
        part: 'key',
        message: 'YAML merge keys (`<<`) are not supported.',
        hint: 'Use an anchor on a whole value (`&name` … `*name`), or repeat the keys.',
      })
      continue
    }
    yield [key, item.value]
  }
}

type Field = Schema<unknown> | Optional<unknown>
export type Fields = Readonly<Record<string, Field>>

type Simplify<T> = { [K in keyof T]: T[K] } & {}
type RequiredKeys<F> = { [K in keyof F]: F[K] extends Optional<unknown> ? never : K }[keyof F]
type OptionalKeys<F> = { [K in keyof F]: F[K] extends Optional<unknown> ? K : never }[keyof F]
export type InferFields<F extends Fields> = Simplify<
  { readonly [K in RequiredKeys<F>]: Infer<F[K]> } & {
    readonly [K in OptionalKeys<F>]?: F[K] extends Optional<infer T> ? T : never
  }
>

/** Decides what to say about a key this object does not define; undefined means "unknown key". */
export type ForeignKeyHandler = (key: string, keyPath: Path) => Issue | undefined

export interface ObjectSchema<F extends Fields> extends Schema<InferFields<F>> {
  readonly fields: F
  readWith(
    node: Node | null,
    cx: ReadContext,
    path: Path,
    foreign?: ForeignKeyHandler,
  ): InferFields<F> | typeof INVALID
}

export interface ObjectOptions {
  /** What this mapping is, for messages: "identity", "statement". */
  readonly name: string
  readonly description?: string
}

function isOptional(field: Field): field is Optional<unknown> {
  return 'optional' in field
}

/** A mapping with a fixed set of keys. Unknown keys are errors, with a suggestion when close. */
export function object<const F extends Fields>(fields: F, options: ObjectOptions): ObjectSchema<F> {
  const names = Object.keys(fields)
  const schema: ObjectSchema<F> = {
    fields,
    read: (node, cx, path) => schema.readWith(node, cx, path),
    readWith(node, cx, path, foreign) {
      if (!isMap(node)) return typeMismatch(cx, path, `a mapping (${options.name})`, node)
      const values: [string, unknown][] = []
      const seen = new Set<string>()
      let ok = true
      for (const [key, raw] of pairs(node, cx, path)) {
        const keyPath = [...path, key]
        const field = fields[key]
        if (field === undefined) {
          const issue =
            foreign?.(key, keyPath) ??
            unknownKey(key, keyPath, names, `${options.name}${labelOf(path)}`)
          cx.report(issue)
          ok = false
          continue
        }
        seen.add(key)
        const inner = isOptional(field) ? field.schema : field
        const value = inner.read(cx.source.deref(raw), cx, keyPath)
        if (value === INVALID) ok = false
        else values.push([key, value])
      }
      for (const name of names) {
        const field = fields[name]
        if (field !== undefined && !isOptional(field) && !seen.has(name)) {
          cx.report({
            code: 'missing-key',
            path,
            part: 'key',
            message: `${capitalize(options.name)}${labelOf(path)} is missing the required key \`${name}\`.`,
          })
          ok = false
        }
      }
      return ok ? (Object.fromEntries(values) as InferFields<F>) : INVALID
    },
    toJsonSchema() {
      const properties: Record<string, JsonSchema> = {}
      const required: string[] = []
      for (const [name, field] of Object.entries(fields)) {
        properties[name] = (isOptional(field) ? field.schema : field).toJsonSchema()
        if (!isOptional(field)) required.push(name)
      }
      return {
        type: 'object',
        ...(options.description === undefined ? {} : { description: options.description }),
        properties,
        ...(required.length > 0 ? { required } : {}),
        additionalProperties: false,
      }
    },
  }
  return schema
}

function unknownKey(key: string, keyPath: Path, names: readonly string[], owner: string): Issue {
  const hint = didYouMean(key, names)
  return {
    code: 'unknown-key',
    path: keyPath,
    part: 'key',
    message: `Unknown key \`${key}\` in ${owner}.`,
    hint: hint ?? `Allowed keys: ${names.map((n) => `\`${n}\``).join(', ')}.`,
  }
}

function labelOf(path: Path): string {
  const last = path[path.length - 1]
  return typeof last === 'string' ? ` \`${last}\`` : ''
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * A mapping whose `tag` key picks the variant (`type: user | group | role`). A key that belongs
 * to another variant is reported as such, which says more than "unknown key".
 */
export function tagged<const V extends Readonly<Record<string, ObjectSchema<Fields>>>>(
  tag: string,
  variants: V,
  options: ObjectOptions & {
    foreign?: (key: string, keyPath: Path, variant: string, owners: string[]) => Issue | undefined
  },
): Schema<Infer<V[keyof V]>> {
  const kinds = Object.keys(variants)
  const tagSchema = string()
  return {
    read(node, cx, path) {
      if (!isMap(node)) return typeMismatch(cx, path, `a mapping (${options.name})`, node)
      const tagNode = cx.source.deref(node.get(tag, true))
      if (tagNode === null) {
        cx.report({
          code: 'missing-key',
          path,
          part: 'key',
          message: `${capitalize(options.name)}${labelOf(path)} is missing the required key \`${tag}\`.`,
          hint: `Set \`${tag}\` to one of ${kinds.map((k) => `\`${k}\``).join(', ')}.`,
        })
        return INVALID
      }
      const kind = tagSchema.read(tagNode, cx, [...path, tag])
      if (kind === INVALID) return INVALID
      const variant = variants[kind]
      if (variant === undefined) {
        const hint = didYouMean(kind, kinds)
        cx.report({
          code: 'invalid-value',
          path: [...path, tag],
          message: `"${kind}" is not one of ${kinds.map((k) => `\`${k}\``).join(', ')}.`,
          ...(hint === undefined ? {} : { hint }),
        })
        return INVALID
      }
      const foreign = (key: string, keyPath: Path): Issue | undefined => {
        const owners = kinds.filter((k) => variants[k]?.fields[key] !== undefined)
        if (owners.length === 0) return undefined
        return (
          options.foreign?.(key, keyPath, kind, owners) ?? {
            code: 'not-allowed-for-type',
            path: keyPath,
            part: 'key',
            message: `\`${key}\` applies to ${owners.map((o) => `a ${o}`).join(' or ')}, not a ${kind}.`,
          }
        )
      }
      return variant.readWith(node, cx, path, foreign) as Infer<V[keyof V]> | typeof INVALID
    },
    toJsonSchema: () => ({
      type: 'object',
      ...(options.description === undefined ? {} : { description: options.description }),
      required: [tag],
      properties: { [tag]: { enum: kinds } },
      oneOf: kinds.flatMap((k) => {
        const variant = variants[k]
        return variant === undefined ? [] : [variant.toJsonSchema()]
      }),
    }),
  }
}
