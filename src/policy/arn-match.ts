/**
 * Can a resource written in a policy ever name a resource of a given type? Both sides are
 * patterns: the policy's ARN may hold `*`, `?` and IAM policy variables, and the catalog's ARN
 * format holds `${Placeholders}`. The question is whether the two languages share a string,
 * decided by walking both patterns together (a product automaton) rather than by sampling.
 */

type CharClass = 'any' | 'no-colon' | 'no-separator'

type Token =
  | { readonly kind: 'char'; readonly ch: string }
  | { readonly kind: 'one'; readonly cls: CharClass }
  | { readonly kind: 'many'; readonly cls: CharClass }

function admits(cls: CharClass, ch: string): boolean {
  if (cls === 'any') return true
  if (cls === 'no-colon') return ch !== ':'
  return ch !== ':' && ch !== '/'
}

/** A policy resource: `*` and policy variables match anything, `?` one character. */
export function tokensOfResource(resource: string): Token[] {
  const tokens: Token[] = []
  for (let i = 0; i < resource.length; i++) {
    const ch = resource.charAt(i)
    if (ch === '$' && resource.charAt(i + 1) === '{') {
      const close = resource.indexOf('}', i)
      if (close !== -1) {
        tokens.push({ kind: 'many', cls: 'any' })
        i = close
        continue
      }
    }
    if (ch === '*') tokens.push({ kind: 'many', cls: 'any' })
    else if (ch === '?') tokens.push({ kind: 'one', cls: 'any' })
    else tokens.push({ kind: 'char', ch })
  }
  return tokens
}

/**
 * A catalog ARN format. Each placeholder is one or more characters. In the partition, service,
 * region and account fields it cannot contain `:`. In the resource part it cannot contain `:` or
 * `/` — except a final placeholder right after a `/` or `:` inside the resource part, which names things like object keys,
 * paths and secret names that may contain both. So `${BucketName}` never matches `bucket/key`.
 */
export function tokensOfArnFormat(format: string): Token[] {
  const tokens: Token[] = []
  let colons = 0
  let resourceStart = -1
  for (let i = 0; i < format.length; i++) {
    const ch = format.charAt(i)
    if (ch === '$' && format.charAt(i + 1) === '{') {
      const close = format.indexOf('}', i)
      const end = close === -1 ? format.length - 1 : close
      const final = end === format.length - 1
      const previous = format.charAt(i - 1)
      const afterSeparator = i - 1 > resourceStart && (previous === '/' || previous === ':')
      const cls: CharClass =
        colons < 5 ? 'no-colon' : final && afterSeparator ? 'any' : 'no-separator'
      tokens.push({ kind: 'one', cls }, { kind: 'many', cls })
      i = end
      continue
    }
    if (ch === ':' && ++colons === 5) resourceStart = i
    tokens.push({ kind: 'char', ch })
  }
  return tokens
}

/** Whether one character can be consumed by both tokens. */
function overlaps(a: Token, b: Token): boolean {
  if (a.kind === 'char' && b.kind === 'char') return a.ch === b.ch
  if (a.kind === 'char') return b.kind !== 'char' && admits(b.cls, a.ch)
  if (b.kind === 'char') return admits(a.cls, b.ch)
  // Two classes: every class admits letters, so they always share a character.
  return true
}

/** True when some string is matched by both token sequences. */
export function intersects(a: readonly Token[], b: readonly Token[]): boolean {
  const width = b.length + 1
  const seen = new Uint8Array((a.length + 1) * width)
  const stack: [number, number][] = [[0, 0]]
  while (stack.length > 0) {
    const top = stack.pop()
    if (top === undefined) break
    const [i, j] = top
    const index = i * width + j
    if (seen[index] === 1) continue
    seen[index] = 1
    if (i === a.length && j === b.length) return true
    const ta = a[i]
    const tb = b[j]
    if (ta?.kind === 'many') stack.push([i + 1, j])
    if (tb?.kind === 'many') stack.push([i, j + 1])
    if (ta !== undefined && tb !== undefined && overlaps(ta, tb)) {
      stack.push([ta.kind === 'many' ? i : i + 1, tb.kind === 'many' ? j : j + 1])
    }
  }
  return false
}

/** Whether `resource` (as written in a policy) can name a resource of the given ARN format. */
export function resourceMatchesFormat(resource: string, arnFormat: string): boolean {
  return intersects(tokensOfResource(resource), tokensOfArnFormat(arnFormat))
}
