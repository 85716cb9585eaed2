import assert from 'node:assert/strict'
import { test } from 'node:test'
import { blockContains, parseBlock } from './ip.ts'

test('IPv4 blocks and single addresses', () => {
  assert.ok(blockContains('10.0.0.0/8', '10.200.3.4'))
  assert.ok(!blockContains('10.0.0.0/8', '11.0.0.1'))
  assert.ok(blockContains('203.0.113.7', '203.0.113.7'))
  assert.ok(!blockContains('203.0.113.7', '203.0.113.8'))
  assert.ok(blockContains('0.0.0.0/0', '8.8.8.8'))
})

test('IPv6 blocks, compressed forms and embedded IPv4', () => {
  assert.ok(blockContains('2001:db8::/32', '2001:db8:1:2::5'))
  assert.ok(!blockContains('2001:db8::/32', '2001:db9::1'))
  assert.ok(blockContains('::ffff:10.0.0.0/104', '::ffff:10.1.2.3'))
  assert.ok(blockContains('::/0', '::1'))
})

test('families never mix, and malformed text matches nothing', () => {
  assert.ok(!blockContains('10.0.0.0/8', '::ffff:10.0.0.1'))
  for (const bad of ['10.0.0.256', '10.0.0', '1::2::3', '10.0.0.0/33', 'localhost']) {
    assert.equal(parseBlock(bad), undefined, bad)
  }
})
