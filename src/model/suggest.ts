/**
 * "Did you mean …?" for typos in keys, actions and references. Case is ignored because the
 * commonest slips are case slips, and IAM action names are case-insensitive anyway.
 */

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY
  for (let i = 1; i < rows; i++) {
    const row = d[i] ?? []
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1)
      }
      row[j] = best
    }
  }
  return at(a.length, b.length)
}

/** Up to `limit` candidates close to `word`, closest first; none when nothing is close. */
export function suggest(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const needle = word.toLowerCase()
  const budget = Math.max(2, Math.floor(needle.length / 3))
  const scored: { candidate: string; distance: number }[] = []
  for (const candidate of candidates) {
    const hay = candidate.toLowerCase()
    const distance = hay === needle ? 0 : editDistance(needle, hay)
    const prefixHit = needle.length >= 4 && hay.startsWith(needle)
    if (distance <= budget || prefixHit) scored.push({ candidate, distance })
  }
  scored.sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate))
  // Only the closest tier: one clear suggestion beats three vague ones.
  const best = scored[0]?.distance ?? 0
  return scored
    .filter((s) => s.distance === best)
    .slice(0, limit)
    .map((s) => s.candidate)
}

/** `Did you mean "a" or "b"?`, or undefined when there is nothing to suggest. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  return phraseSuggestions(suggest(word, candidates))
}

/** Phrases ready-made suggestions: `Did you mean \`a\`, \`b\` or \`c\`?`. */
export function phraseSuggestions(suggestions: readonly string[]): string | undefined {
  if (suggestions.length === 0) return undefined
  const quoted = suggestions.map((f) => `\`${f}\``)
  const last = quoted.pop()
  return `Did you mean ${quoted.length > 0 ? `${quoted.join(', ')} or ${last ?? ''}` : (last ?? '')}?`
}
