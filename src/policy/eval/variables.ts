/**
 * IAM policy variables in resources and condition values: `${aws:username}`, tag keys,
 * defaults (`${aws:PrincipalTag/team, 'none'}`) and the escapes `${*}`, `${?}`, `${$}` for a
 * literal `*`, `?` and `$`. Expansion keeps wildcards apart from literal text, so an escaped
 * `*` never acts as a wildcard.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import type { RequestContext } from './context.ts'

export type Part =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'star' }
  | { readonly kind: 'one' }

export type Expansion =
  | { readonly kind: 'ok'; readonly parts: readonly Part[] }
  /** A variable with no value and no default: the element cannot match. */
  | { readonly kind: 'missing' }
  /** The value depends on keys nobody supplied (unknown-context mode). */
  | { readonly kind: 'unknown'; readonly keys: readonly string[] }

const ESCAPES: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' }
const VARIABLE = /^\s*([^,\s]+)\s*(?:,\s*'([^']*)'\s*)?$/

/**
 * Expands `text`. With `wildcards`, a bare `*` or `?` is a wildcard part; otherwise it is text
 * (as in StringEquals, where `*` means a star).
 */
export function expand(text: string, context: RequestContext, wildcards: boolean): Expansion {
  const parts: Part[] = []
  const unknown: string[] = []
  let missing = false
  let i = 0
  const pushText = (t: string): void => {
    const last = parts[parts.length - 1]
    if (last?.kind === 'text') parts[parts.length - 1] = { kind: 'text', text: last.text + t }
    else parts.push({ kind: 'text', text: t })
  }
  while (i < text.length) {
    const ch = text.charAt(i)
    if (ch === '$' && text.charAt(i + 1) === '{') {
      const close = text.indexOf('}', i + 2)
      if (close !== -1) {
        const inner = text.slice(i + 2, close)
        i = close + 1
        const escaped = ESCAPES[inner]
        if (escaped !== undefined) {
          pushText(escaped)
          continue
        }
        const [, key, fallback] = VARIABLE.exec(inner) ?? []
        if (key === undefined) {
          pushText(`\${${inner}}`)
          continue
        }
        const found = context.lookup(key)
        if (
          found.kind === 'present' &&
          found.values.length === 1 &&
          found.values[0] !== undefined
        ) {
          pushText(found.values[0])
        } else if (found.kind === 'unknown' && fallback === undefined) {
          unknown.push(key)
        } else if (fallback !== undefined && found.kind !== 'unknown') {
          pushText(fallback)
        } else if (found.kind === 'unknown') {
          unknown.push(key)
        } else {
          missing = true
        }
        continue
      }
    }
    if (wildcards && ch === '*') parts.push({ kind: 'star' })
    else if (wildcards && ch === '?') parts.push({ kind: 'one' })
    else pushText(ch)
    i++
  }
  if (missing) return { kind: 'missing' }
  if (unknown.length > 0) return { kind: 'unknown', keys: unknown }
  return { kind: 'ok', parts }
}

/** `*` and `?` as wildcards and everything else as text: no variables are expanded. */
export function wildcardParts(text: string): Part[] {
  const parts: Part[] = []
  for (const chunk of text.split(/([*?])/)) {
    if (chunk === '*') parts.push({ kind: 'star' })
    else if (chunk === '?') parts.push({ kind: 'one' })
    else if (chunk !== '') parts.push({ kind: 'text', text: chunk })
  }
  return parts
}

/** Whether `text` uses any policy variable (escapes do not count). */
export function hasVariables(text: string): boolean {
  return /\$\{(?![*?$]\})[^}]+\}/.test(text)
}

/** The parts as plain text, wildcards written as `*` and `?`. */
export function partsText(parts: readonly Part[]): string {
  return parts.map((p) => (p.kind === 'text' ? p.text : p.kind === 'star' ? '*' : '?')).join('')
}
