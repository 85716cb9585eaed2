/**
 * A line diff of two JSON values, pretty-printed with sorted keys, the way a reviewer reads a
 * policy change: `-` lines go, `+` lines come, a little unchanged context around each change,
 * and long unchanged runs folded.
 */
import { sortKeys } from '../model/json-object.ts'
import { normalizeDocument } from '../policy/documents.ts'

export type DiffLine = { readonly mark: ' ' | '+' | '-'; readonly text: string }

const CONTEXT = 2

export function jsonLines(value: unknown): string[] {
  return JSON.stringify(sortKeys(value), null, 2).split('\n')
}

/** Policy documents are compared as IAM reads them, so a reordered list shows no change. */
export function documentLines(value: unknown): string[] {
  const looksLikePolicy = typeof value === 'object' && value !== null && 'Statement' in value
  return jsonLines(looksLikePolicy ? normalizeDocument(value) : value)
}

/**
 * Longest common subsequence, by dynamic programming: policies are short. Lines that differ only
 * by JSON's trailing comma count as the same, so adding an element to a list marks the new
 * element, not the one before it; each line is shown as its side wrote it.
 */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  const a = before.map((l) => l.replace(/,$/, ''))
  const b = after.map((l) => l.replace(/,$/, ''))
  const n = a.length
  const m = b.length
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = lcs[i] ?? []
      row[j] =
        a[i] === b[j]
          ? (lcs[i + 1]?.[j + 1] ?? 0) + 1
          : Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0)
    }
  }
  const out: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push({ mark: ' ', text: after[j] ?? '' })
      i++
      j++
    } else if (j < m && (i >= n || (lcs[i]?.[j + 1] ?? 0) > (lcs[i + 1]?.[j] ?? 0))) {
      out.push({ mark: '+', text: after[j] ?? '' })
      j++
    } else {
      out.push({ mark: '-', text: before[i] ?? '' })
      i++
    }
  }
  return out
}

/** Unchanged lines far from any change become one `…` line. */
export function fold(lines: readonly DiffLine[]): (DiffLine | { readonly mark: '…' })[] {
  const near = lines.map((_, index) =>
    lines
      .slice(Math.max(0, index - CONTEXT), index + CONTEXT + 1)
      .some((line) => line.mark !== ' '),
  )
  const out: (DiffLine | { readonly mark: '…' })[] = []
  for (const [index, line] of lines.entries()) {
    if (near[index] === true) out.push(line)
    else if (out.at(-1)?.mark !== '…') out.push({ mark: '…' })
  }
  return out
}
