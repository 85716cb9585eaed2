import { isScalar, type Node } from 'yaml'
import { DURATION_PATTERN, parseDuration } from '../../model/duration.ts'
import { didYouMean } from '../../model/suggest.ts'
import { INVALID, typeMismatch, type ReadContext, type Schema } from './core.ts'
import type { Path } from '../yaml-source.ts'

export interface StringOptions {
  /** Checked before interpolation; leave unset for values that may hold `${…}`. */
  readonly pattern?: RegExp
  /** Says what the pattern means, e.g. "a 12-digit account id". */
  readonly patternName?: string
  readonly hint?: string
  /**
   * Accept YAML numbers and booleans as their text as written, so `account: 012345678901` keeps
   * its leading zero and `vars: { port: 8080 }` needs no quotes.
   */
  readonly fromAnyScalar?: boolean
  readonly minLength?: number
}

export function string(options: StringOptions = {}): Schema<string> {
  return {
    read(node, cx, path) {
      const text = scalarText(node, cx, path, options.fromAnyScalar === true)
      if (text === undefined) return typeMismatch(cx, path, 'a string', node)
      if (options.minLength !== undefined && text.length < options.minLength) {
        cx.report({ code: 'invalid-value', path, message: 'This value must not be empty.' })
        return INVALID
      }
      if (options.pattern !== undefined && !options.pattern.test(text)) {
        const what = options.patternName ?? `a string matching ${options.pattern.source}`
        cx.report({
          code: 'invalid-format',
          path,
          message: `"${text}" is not ${what}.`,
          ...(options.hint === undefined ? {} : { hint: options.hint }),
        })
        return INVALID
      }
      return text
    },
    toJsonSchema() {
      const types = options.fromAnyScalar === true ? ['string', 'number', 'boolean'] : 'string'
      return {
        type: types,
        ...(options.pattern === undefined ? {} : { pattern: options.pattern.source }),
        ...(options.minLength === undefined ? {} : { minLength: options.minLength }),
      }
    },
  }
}

function scalarText(
  node: Node | null,
  cx: ReadContext,
  path: Path,
  anyScalar: boolean,
): string | undefined {
  if (!isScalar(node)) return undefined
  if (typeof node.value === 'string') return node.value
  if (!anyScalar) return undefined
  if (typeof node.value === 'number' || typeof node.value === 'boolean') {
    return cx.source.sourceText(path) ?? String(node.value)
  }
  return undefined
}

export function integer(options: { min?: number; max?: number } = {}): Schema<number> {
  return {
    read(node, cx, path) {
      if (!isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value)) {
        return typeMismatch(cx, path, 'a whole number', node)
      }
      const value = node.value
      const { min, max } = options
      if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
        const range = `${min ?? '-∞'}…${max ?? '∞'}`
        cx.report({ code: 'invalid-value', path, message: `${value} is outside ${range}.` })
        return INVALID
      }
      return value
    },
    toJsonSchema: () => ({
      type: 'integer',
      ...(options.min === undefined ? {} : { minimum: options.min }),
      ...(options.max === undefined ? {} : { maximum: options.max }),
    }),
  }
}

export function boolean(): Schema<boolean> {
  return {
    read(node, cx, path) {
      if (isScalar(node) && typeof node.value === 'boolean') return node.value
      return typeMismatch(cx, path, '`true` or `false`', node)
    },
    toJsonSchema: () => ({ type: 'boolean' }),
  }
}

/** One of a fixed set of strings; a near miss gets a suggestion. */
export function oneOf<const V extends string>(values: readonly V[]): Schema<V> {
  const allowed = new Set<string>(values)
  return {
    read(node, cx, path) {
      if (!isScalar(node) || typeof node.value !== 'string') {
        return typeMismatch(cx, path, `one of ${values.join(', ')}`, node)
      }
      const value = node.value
      if (allowed.has(value)) return value as V
      const hint = didYouMean(value, values)
      cx.report({
        code: 'invalid-value',
        path,
        message: `"${value}" is not one of ${values.map((v) => `\`${v}\``).join(', ')}.`,
        ...(hint === undefined ? {} : { hint }),
      })
      return INVALID
    },
    toJsonSchema: () => ({ enum: [...values] }),
  }
}

/** `90d`, `12h`, `30m`, `45s`, `2w` → seconds; `0` is allowed and means "none". */
export function duration(): Schema<number> {
  return durationSchema(false) as Schema<number>
}

/** A duration, or `never` (read as null) to switch a schedule off. */
export function durationOrNever(): Schema<number | null> {
  return durationSchema(true)
}

function durationSchema(never: boolean): Schema<number | null> {
  return {
    read(node, cx, path) {
      if (isScalar(node) && node.value === 0) return 0
      if (!isScalar(node) || typeof node.value !== 'string') {
        return typeMismatch(cx, path, 'a duration such as `90d` or `1h`', node)
      }
      if (never && node.value === 'never') return null
      const seconds = parseDuration(node.value)
      if (seconds === undefined) {
        cx.report({
          code: 'invalid-format',
          path,
          message: `"${node.value}" is not a duration.`,
          hint: `Write a whole number and a unit: s, m, h, d or w (e.g. \`90d\`)${never ? ', or `never`' : ''}.`,
        })
        return INVALID
      }
      return seconds
    },
    toJsonSchema: () => ({
      anyOf: [
        { type: 'string', pattern: DURATION_PATTERN.source },
        ...(never ? [{ const: 'never' }] : []),
        { const: 0 },
      ],
    }),
  }
}
