import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { didYouMean, editDistance, suggest } from './suggest.ts'

describe('editDistance', () => {
  test('is a metric on short strings', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 8 }),
        fc.string({ maxLength: 8 }),
        fc.string({ maxLength: 8 }),
        (a, b, c) => {
          assert.equal(editDistance(a, a), 0)
          assert.equal(editDistance(a, b), editDistance(b, a))
          assert.ok(editDistance(a, b) <= Math.max(a.length, b.length))
          // optimal string alignment is not a true metric for transpositions, but it stays within
          // one transposition of the triangle inequality
          assert.ok(editDistance(a, c) <= editDistance(a, b) + editDistance(b, c) + 1)
        },
      ),
    )
  })

  test('counts an adjacent swap as one edit', () => {
    assert.equal(editDistance('GetObjetc', 'GetObject'), 1)
  })
})

describe('suggest', () => {
  test('offers the closest candidates only, ignoring case', () => {
    assert.deepEqual(suggest('putobjekt', ['PutObject', 'PutObjectAcl', 'GetObject']), [
      'PutObject',
    ])
    assert.deepEqual(suggest('identites', ['identities', 'policies']), ['identities'])
  })

  test('offers nothing for unrelated words', () => {
    assert.deepEqual(suggest('zebra', ['identities', 'policies', 'environments']), [])
    assert.equal(didYouMean('zebra', ['identities']), undefined)
  })

  test('phrases one or several suggestions', () => {
    assert.equal(didYouMean('alow', ['allow', 'deny']), 'Did you mean `allow`?')
    assert.equal(didYouMean('ab', ['ac', 'ad', 'ae']), 'Did you mean `ac`, `ad` or `ae`?')
  })
})
