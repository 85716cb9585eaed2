import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { concreteText, type Segment, type TfValue } from '../terraform/value.ts'
import { parseJson } from './json-parse.ts'
import { jsonText } from './json-text.ts'
import { fromJson, stringOf } from './values.ts'

/** What Go's encoder writes beyond JavaScript's: HTML-safe `<`, `>`, `&`, and U+2028/U+2029. */
function goEscaped(json: string): string {
  return json.replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

function textOf(segments: ReturnType<typeof jsonText>): string {
  assert.ok(Array.isArray(segments))
  const joined = concreteText(stringOf(segments))
  assert.ok(joined !== undefined)
  return joined
}

describe('jsonText', () => {
  test('given any JSON, when written indented, then it is what Go’s MarshalIndent writes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        assert.equal(
          textOf(jsonText(fromJson(json), 'indented')),
          goEscaped(JSON.stringify(json, null, 2)),
        )
      }),
    )
  })

  test('given any JSON, when written minified and parsed back, then it is the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        // JSON has no negative zero to read back.
        const value = fromJson(JSON.parse(JSON.stringify(json)))
        const segments = jsonText(value, 'minified')
        assert.ok(Array.isArray(segments))
        assert.equal(textOf(segments), goEscaped(JSON.stringify(json)))
        const parsed = parseJson(stringOf(segments))
        assert.ok(parsed.ok)
        assert.deepEqual(parsed.value, value)
      }),
    )
  })

  const open: Segment = { kind: 'text', text: '["' }
  const close: Segment = { kind: 'text', text: '"]' }
  const segmentCases: [string, Segment, Segment[]][] = [
    [
      'a variable JSON leaves alone stays a variable',
      { kind: 'var', name: 'bucket', text: 'media' },
      [open, { kind: 'var', name: 'bucket', text: 'media' }, close],
    ],
    [
      'a variable JSON escapes becomes text',
      { kind: 'var', name: 'q', text: 'a"b' },
      [{ kind: 'text', text: '["a\\"b"]' }],
    ],
    [
      'a builtin stays',
      { kind: 'builtin', name: 'account' },
      [open, { kind: 'builtin', name: 'account' }, close],
    ],
  ]
  for (const [name, segment, expected] of segmentCases) {
    test(`given a string with a segment, when written, then ${name}`, () => {
      const value: TfValue = { kind: 'tuple', items: [stringOf([segment])] }
      assert.deepEqual(jsonText(value, 'minified'), expected)
    })
  }

  test('given a value Terraform cannot know, when written, then that value is the answer', () => {
    const unknown: TfValue = {
      kind: 'unknown',
      reason: 'not known',
      loc: { file: 'a.tf', line: 1, column: 1 },
    }
    assert.equal(jsonText({ kind: 'tuple', items: [fromJson('x'), unknown] }, 'indented'), unknown)
  })
})
