import assert from 'node:assert/strict'
import { test } from 'node:test'
import { inspect } from 'node:util'
import { Sensitive } from '../model/sensitive.ts'
import { renderStoreValue } from './render.ts'

const key = { id: 'AKIAEXAMPLEKEY000001', secret: new Sensitive('s3cr3t/VALUE+that-is-secret') }

test('a JSON format gets its placeholders filled, field by field', () => {
  const value = renderStoreValue(
    {
      kind: 'json',
      fields: {
        ID: '${key.id}',
        SECRET: '${key.secret}',
        BUCKET: 'b',
        BOTH: '${key.id}:${key.secret}',
      },
    },
    key,
  )
  assert.deepEqual(JSON.parse(value.reveal()), {
    ID: key.id,
    SECRET: key.secret.reveal(),
    BUCKET: 'b',
    BOTH: `${key.id}:${key.secret.reveal()}`,
  })
})

test('a text format is the template filled in', () => {
  const value = renderStoreValue({ kind: 'text', template: '${key.secret}' }, key)
  assert.equal(value.reveal(), key.secret.reveal())
})

test('a filled value cannot be printed by mistake', () => {
  const value = renderStoreValue({ kind: 'text', template: 'x ${key.secret}' }, key)
  for (const shown of [
    String(value),
    // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- the slip it guards against
    `${value}`,
    JSON.stringify({ value }),
    inspect(value),
    inspect({ key }),
  ]) {
    assert.doesNotMatch(shown, /s3cr3t/)
    assert.match(shown, /\[redacted\]/)
  }
})
