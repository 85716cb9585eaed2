import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { diffLines, fold, jsonLines } from './json-diff.ts'

test('a diff holds both sides: unchanged and removed lines give before, unchanged and added after', () => {
  const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd', '"x",', '"x"'), { maxLength: 12 })
  fc.assert(
    fc.property(lines, lines, (before, after) => {
      const diff = diffLines(before, after)
      assert.deepEqual(
        diff.filter((l) => l.mark !== '+').map((l) => l.text.replace(/,$/, '')),
        before.map((l) => l.replace(/,$/, '')),
      )
      assert.deepEqual(
        diff.filter((l) => l.mark !== '-').map((l) => l.text),
        after,
      )
    }),
  )
})

test('adding to a list marks the new element, not the comma on the one before', () => {
  const before = jsonLines({ Action: ['s3:GetObject'] })
  const after = jsonLines({ Action: ['s3:GetObject', 's3:PutObject'] })
  const changed = diffLines(before, after).filter((l) => l.mark !== ' ')
  assert.deepEqual(changed, [{ mark: '+', text: '    "s3:PutObject"' }])
})

test('long unchanged runs fold to one line, keeping two lines of context', () => {
  const before = ['1', '2', '3', '4', '5', '6', '7', '8']
  const after = ['1', '2', '3', '4', 'five', '6', '7', '8']
  const folded = fold(diffLines(before, after)).map((l) =>
    'text' in l ? `${l.mark}${l.text}` : '…',
  )
  assert.deepEqual(folded, ['…', ' 3', ' 4', '-5', '+five', ' 6', ' 7', '…'])
})
