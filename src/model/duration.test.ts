import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { formatDuration, parseDuration } from './duration.ts'

test('parses the units rotation schedules use', () => {
  assert.equal(parseDuration('90d'), 90 * 86_400)
  assert.equal(parseDuration('2w'), 14 * 86_400)
  assert.equal(parseDuration('1h'), 3_600)
  assert.equal(parseDuration('30m'), 1_800)
  assert.equal(parseDuration('45s'), 45)
  for (const bad of ['90', 'd', '1.5h', '90 days', '-1d', '1D'])
    assert.equal(parseDuration(bad), undefined, bad)
})

test('formatting then parsing gives the same number of seconds', () => {
  fc.assert(
    fc.property(fc.nat({ max: 10 ** 9 }), (seconds) => {
      assert.equal(parseDuration(formatDuration(seconds)), seconds)
    }),
  )
})

test('formats with the largest exact unit', () => {
  assert.equal(formatDuration(7 * 86_400), '7d')
  assert.equal(formatDuration(5_400), '90m')
  assert.equal(formatDuration(61), '61s')
})
