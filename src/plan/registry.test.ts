import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import {
  decodeRegistry,
  encodeRegistry,
  mergeRegistry,
  policyKey,
  sameRegistry,
} from './registry.ts'

const names = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 20 }),
  fc.string({ maxLength: 20 }),
)

test('a registry survives its encoding, whatever order it was built in', () => {
  fc.assert(
    fc.property(names, names, (groups, policies) => {
      const registry = { groups, policies }
      const decoded = decodeRegistry(encodeRegistry(registry))
      assert.ok(decoded !== undefined && sameRegistry(decoded, registry))
    }),
  )
})

test('anything that is not a registry of this format reads as none', () => {
  for (const text of [
    '',
    'not json',
    '[]',
    '{"groups":{},"policies":{}}',
    '{"v":2,"groups":{},"policies":{}}',
    '{"v":1,"groups":{"a":1},"policies":{}}',
  ])
    assert.equal(decodeRegistry(text), undefined, text)
})

test('merging keeps both sides, the second winning for the same resource', () => {
  const merged = mergeRegistry(
    { groups: { old: 'g' }, policies: { '/p': 'a' } },
    { groups: { new: 'g' }, policies: { '/p': 'b' } },
  )
  assert.deepEqual(merged, { groups: { old: 'g', new: 'g' }, policies: { '/p': 'b' } })
})

test('a managed policy is keyed by its path and name', () => {
  assert.equal(policyKey('arn:aws:iam::111111111111:policy/team/a/deploy'), '/team/a/deploy')
  assert.equal(policyKey('arn:aws-cn:iam::111111111111:policy/deploy'), '/deploy')
})
