import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { covers } from './cover.ts'

test('containment of ARN patterns', () => {
  const cases: [string, string, boolean][] = [
    ['*', 'arn:aws:s3:::b/*', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/private/*', true],
    ['arn:aws:s3:::b/private/*', 'arn:aws:s3:::b/*', false],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/x', true],
    ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/*', false],
    ['arn:aws:s3:::*', 'arn:aws:s3:::b', true],
    ['arn:aws:sqs:*:111111111111:*', 'arn:aws:sqs:us-east-1:111111111111:jobs', true],
    ['arn:aws:sqs:*:111111111111:*', 'arn:aws:sqs:us-east-1:222222222222:jobs', false],
    // a star in the region field cannot swallow the account field
    ['arn:aws:sqs:*:jobs', 'arn:aws:sqs:us-east-1:111111111111:jobs', false],
  ]
  for (const [outer, inner, expected] of cases)
    assert.equal(covers(outer, inner), expected, `${outer} ⊇ ${inner}`)
})

test('whatever a pattern is said to cover, it matches every sample of', () => {
  const chars = fc.constantFrom('a', 'b', '/', '*', '?')
  const pattern = fc.array(chars, { maxLength: 6 }).map((cs) => `arn:aws:s3:::${cs.join('')}`)
  const fill = fc.array(fc.constantFrom('a', 'b', '/', ''), { minLength: 6, maxLength: 6 })
  fc.assert(
    fc.property(pattern, pattern, fill, (outer, inner, filler) => {
      if (!covers(outer, inner)) return
      // instantiate inner's wildcards and check outer matches the result
      let k = 0
      const sample = inner.replace(/[*?]/g, (w) => {
        const f = filler[k++ % filler.length] ?? 'a'
        return w === '?' ? f || 'a' : f
      })
      const regex = new RegExp(
        `^${outer
          .replace(/[.+^${}()|[\]\\/-]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      )
      assert.ok(regex.test(sample), `${outer} should match ${sample}`)
    }),
  )
})
