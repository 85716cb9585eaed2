/**
 * Reading a key back out of a store's value, in the manifest's `format`: the inverse of
 * keys/render.ts. Only for a store keyward adopts — Terraform or a person wrote it, and keyward
 * must learn which access key it holds before it can call that key its own instead of minting
 * another. The secret stays wrapped in {@link Sensitive}; an answer that the value does not fit
 * says why by field names alone, never quoting what the value holds.
 */
import { parseObject } from './json-object.ts'
import type { KeyFormat } from './resolved.ts'
import { Sensitive } from './sensitive.ts'

export type StoredKey =
  | {
      readonly kind: 'key'
      /** Absent when the format holds the secret alone (an SSM parameter of the secret). */
      readonly id?: string
      readonly secret: Sensitive
    }
  | { readonly kind: 'unmatched'; readonly why: string }

const PLACEHOLDER = /\$\{key\.(id|secret)\}/g

/**
 * What each placeholder may stand for. Narrow on purpose: an id is upper-case letters and digits
 * and a secret is base64, so `${key.id}${key.secret}` or `${key.id}:${key.secret}` split one way.
 */
const SHAPE: Readonly<Record<string, string>> = {
  id: '[A-Z0-9]+',
  secret: '[A-Za-z0-9/+=]+',
}

/** The key the value holds in `format`, or why it does not fit the format. */
export function parseStoredKey(format: KeyFormat, value: Sensitive): StoredKey {
  const found = new Map<string, string>()
  if (format.kind === 'text') {
    if (!fill(format.template, value.reveal(), found))
      return { kind: 'unmatched', why: 'its value is not in the format' }
  } else {
    const object = parseObject(value.reveal())
    if (object === undefined) return { kind: 'unmatched', why: 'it is not a JSON object' }
    const wanted = Object.keys(format.fields)
    const missing = wanted.filter((f) => !(f in object))
    if (missing.length > 0) return { kind: 'unmatched', why: `it lacks ${fieldList(missing)}` }
    const extra = Object.keys(object).filter((f) => !(f in format.fields))
    if (extra.length > 0)
      return { kind: 'unmatched', why: `it has ${fieldList(extra)}, which the format does not` }
    for (const [field, template] of Object.entries(format.fields)) {
      const text = object[field]
      if (typeof text !== 'string' || !fill(template, text, found))
        return { kind: 'unmatched', why: `its field ${field} is not what the format says` }
    }
  }
  const secret = found.get('secret')
  // A manifest's format always holds the secret (rules/key.ts); this only keeps the types honest.
  if (secret === undefined) return { kind: 'unmatched', why: 'its value is not in the format' }
  const id = found.get('id')
  return { kind: 'key', ...(id === undefined ? {} : { id }), secret: new Sensitive(secret) }
}

/**
 * Whether `text` is `template` with its placeholders filled, and what it fills them with, into
 * `found`: literal parts must match exactly, and a placeholder used twice must be filled alike.
 */
function fill(template: string, text: string, found: Map<string, string>): boolean {
  const names: string[] = []
  let pattern = '^'
  let last = 0
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? ''
    pattern += escape(template.slice(last, match.index)) + `(${SHAPE[name] ?? ''})`
    names.push(name)
    last = match.index + match[0].length
  }
  pattern += `${escape(template.slice(last))}$`
  const groups = new RegExp(pattern, 'su').exec(text)
  if (groups === null) return false
  for (const [i, name] of names.entries()) {
    const filled = groups[i + 1] ?? ''
    const before = found.get(name)
    if (before !== undefined && before !== filled) return false
    found.set(name, filled)
  }
  return true
}

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function fieldList(fields: readonly string[]): string {
  const shown = fields.map((f) => JSON.stringify(f))
  return fields.length === 1 ? `the field ${shown[0] ?? ''}` : `the fields ${shown.join(', ')}`
}
