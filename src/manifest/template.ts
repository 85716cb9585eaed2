/**
 * `${…}` placeholders in manifest strings. Ours are dotted names (`${bucket}`,
 * `${identities.reader.arn}`); IAM's own policy variables (`${aws:username}`, `${*}`) contain a
 * colon or are a single special character, so they are told apart by shape and passed through.
 * `$${` writes a literal `${`.
 */

export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'ref'; readonly name: string; readonly start: number; readonly end: number }
  | {
      readonly kind: 'policy-variable'
      readonly text: string
      readonly start: number
      readonly end: number
    }

export type ParsedTemplate =
  | { readonly ok: true; readonly parts: readonly TemplatePart[] }
  | {
      readonly ok: false
      readonly message: string
      readonly start: number
      readonly end: number
      readonly hint?: string
    }

const REF = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/
const IAM_SPECIAL = new Set(['*', '?', '$'])

export function parseTemplate(text: string): ParsedTemplate {
  const parts: TemplatePart[] = []
  let literal = ''
  let i = 0
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      literal += '${'
      i += 3
      continue
    }
    if (!text.startsWith('${', i)) {
      literal += text.charAt(i)
      i++
      continue
    }
    const close = text.indexOf('}', i + 2)
    if (close === -1) {
      return {
        ok: false,
        message: 'Unterminated `${`: no closing `}`.',
        start: i,
        end: text.length,
        hint: 'Close the placeholder, or write `$${` for a literal `${`.',
      }
    }
    const inner = text.slice(i + 2, close)
    const end = close + 1
    if (literal !== '') parts.push({ kind: 'text', text: literal })
    literal = ''
    if (REF.test(inner)) {
      parts.push({ kind: 'ref', name: inner, start: i, end })
    } else if (inner.includes(':') || IAM_SPECIAL.has(inner)) {
      parts.push({ kind: 'policy-variable', text: text.slice(i, end), start: i, end })
    } else {
      return {
        ok: false,
        message:
          inner.trim() === ''
            ? 'Empty placeholder `${}`.'
            : `\`\${${inner}}\` is not a valid placeholder.`,
        start: i,
        end,
        hint: 'Placeholders are names like `${bucket}` or `${identities.reader.arn}`, without spaces.',
      }
    }
    i = end
  }
  if (literal !== '') parts.push({ kind: 'text', text: literal })
  return { ok: true, parts }
}

/** True when the string holds no placeholder at all, so it can be used as is. */
export function isPlain(text: string): boolean {
  return !text.includes('${')
}
