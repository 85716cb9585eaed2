/**
 * Pattern containment for ARN patterns: does `outer` match every string `inner` matches? Used to
 * decide whether a deny covers an allow completely. The answer errs toward "no": claiming a deny
 * covers more than it does would hide a real permission, which a proof must never do.
 */

type Token =
  | { readonly kind: 'char'; readonly ch: string; readonly field: number }
  | { readonly kind: 'star'; readonly field: number }
  | { readonly kind: 'one'; readonly field: number }

/** Tokens with the ARN field each stands in (0–5; 5 and beyond is the resource part). */
function tokens(pattern: string): { list: Token[]; last: number } {
  const list: Token[] = []
  let field = 0
  for (const ch of pattern) {
    if (ch === '*') list.push({ kind: 'star', field })
    else if (ch === '?') list.push({ kind: 'one', field })
    else {
      list.push({ kind: 'char', ch, field })
      if (ch === ':' && field < 5) field++
    }
  }
  return { list, last: field }
}

export function covers(outer: string, inner: string): boolean {
  if (outer === '*') return true
  if (outer === inner) return true
  const q = tokens(outer)
  const p = tokens(inner)
  const memo = new Map<number, boolean>()
  const width = p.list.length + 1
  // A star outside the last field stays within its field: it cannot absorb a colon, nor a
  // wildcard of `inner` that could itself stand for colons.
  const absorbs = (star: Token, t: Token): boolean => {
    if (star.field >= q.last) return true
    if (t.kind === 'char') return t.ch !== ':'
    return t.field < p.last
  }
  const go = (i: number, j: number): boolean => {
    const key = i * width + j
    const known = memo.get(key)
    if (known !== undefined) return known
    let result: boolean
    const a = q.list[i]
    const b = p.list[j]
    if (a === undefined) result = b === undefined
    else if (a.kind === 'star')
      result = go(i + 1, j) || (b !== undefined && absorbs(a, b) && go(i, j + 1))
    else if (b === undefined) result = false
    else if (a.kind === 'one')
      result =
        b.kind !== 'star' &&
        (b.kind === 'one' || b.ch !== ':' || a.field >= q.last) &&
        go(i + 1, j + 1)
    else result = b.kind === 'char' && b.ch === a.ch && go(i + 1, j + 1)
    memo.set(key, result)
    return result
  }
  return go(0, 0)
}
