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
 * A catalog ARN format. Each placeholder stands for one or more characters, and in the
 * partition, service, region and account fields it cannot contain `:`; `${Region}` and
 * `${Account}` may also be empty (AWS-owned SSM documents and public parameters have no
 * account). In the resource part a placeholder may contain `/` (log group names, paths) but not
 * `:`, except the last one after a `/` or `:`, which may contain both (object keys, secret
 * names). A placeholder that is the entire resource part, like `${BucketName}`, contains
 * neither — which is what tells a bucket ARN from `bucket/key`. A literal `*` or `?` in a
 * format is a wildcard, as AWS means it.
 */
export function tokensOfArnFormat(format: string): Token[] {
  const tokens: Token[] = []
  let colons = 0
  let resourceStart = -1
  for (let i = 0; i < format.length; i++) {
    const ch = format.charAt(i)
    const inResource = colons >= 5
    if (ch === '$' && format.charAt(i + 1) === '{') {
      const close = format.indexOf('}', i)
      const end = close === -1 ? format.length - 1 : close
      const name = format.slice(i + 2, end)
      const previous = format.charAt(i - 1)
      const final = end === format.length - 1
      const whole = final && i - 1 === resourceStart
      const afterSeparator = i - 1 > resourceStart && (previous === '/' || previous === ':')
      let cls: CharClass = 'no-colon'
      if (inResource) cls = whole ? 'no-separator' : final && afterSeparator ? 'any' : 'no-colon'
      const optional = !inResource && (name === 'Region' || name === 'Account')
      tokens.push(...(optional ? [] : [{ kind: 'one', cls } as const]), { kind: 'many', cls })
      i = end
      continue
    }
    if (ch === '*') tokens.push({ kind: 'many', cls: inResource ? 'any' : 'no-colon' })
    else if (ch === '?') tokens.push({ kind: 'one', cls: inResource ? 'any' : 'no-colon' })
    else tokens.push({ kind: 'char', ch })
    if (ch === ':' && ++colons === 5) resourceStart = i
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
