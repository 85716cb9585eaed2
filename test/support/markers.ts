/**
 * Fixture markers: `⟨code⟩` written right before the text a diagnostic must point at. The
 * marker is removed and its position becomes the expectation, so each fixture shows — at the
 * very spot — what keyward must report there.
 */
export interface Expectation {
  readonly code: string
  readonly line: number
  readonly column: number
}

const MARKER = /⟨([a-z-]+)⟩/g

export function stripMarkers(text: string): { text: string; expected: Expectation[] } {
  const expected: Expectation[] = []
  const lines = text.split('\n').map((line, index) => {
    let removed = 0
    return line.replace(MARKER, (match: string, code: string, offset: number) => {
      expected.push({ code, line: index + 1, column: offset - removed + 1 })
      removed += match.length
      return ''
    })
  })
  return { text: lines.join('\n'), expected }
}

export function describeExpectation(e: Expectation): string {
  return `${e.code} ${e.line}:${e.column}`
}
