import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isLoopback } from './session.ts'

test('only an endpoint on this machine counts as local', () => {
  for (const local of [
    'http://127.0.0.1:5000',
    'http://localhost:4566',
    'http://[::1]:5000',
    'http://127.8.0.1',
  ])
    assert.ok(isLoopback(local), local)
  for (const remote of [
    undefined,
    'https://iam.amazonaws.com',
    'http://10.0.0.5:5000',
    'http://127.0.0.1.nip.io',
    'http://localhost.example.com',
    'not a url',
  ])
    assert.ok(!isLoopback(remote), String(remote))
})
