import assert from 'node:assert/strict'
import { test } from 'node:test'
import { inspect } from 'node:util'
import { parseStoredKey, type StoredKey } from './key-format.ts'
import type { KeyFormat } from './resolved.ts'
import { Sensitive } from './sensitive.ts'

// The example key of the AWS documentation.
const ID = 'AKIAIOSFODNN7EXAMPLE'
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'

const JSON_FORMAT: KeyFormat = {
  kind: 'json',
  fields: {
    AWS_ACCESS_KEY_ID: '${key.id}',
    AWS_SECRET_ACCESS_KEY: '${key.secret}',
    S3_BUCKET: 'amzn-s3-demo-bucket',
  },
}

const parse = (format: KeyFormat, value: string): StoredKey =>
  parseStoredKey(format, new Sensitive(value))

function key(found: StoredKey): { id?: string; secret: string } {
  assert.ok(found.kind === 'key', inspect(found))
  return { ...(found.id === undefined ? {} : { id: found.id }), secret: found.secret.reveal() }
}

function why(found: StoredKey): string {
  assert.ok(found.kind === 'unmatched', 'the value fits the format')
  assert.ok(!found.why.includes(SECRET) && !found.why.includes(ID), 'the reason quotes the value')
  return found.why
}

test('a JSON value in the format gives its id and secret', () => {
  const value = JSON.stringify({
    S3_BUCKET: 'amzn-s3-demo-bucket',
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_ACCESS_KEY_ID: ID,
  })
  assert.deepEqual(key(parse(JSON_FORMAT, value)), { id: ID, secret: SECRET })
})

test('a template gives what stands where its placeholders are', () => {
  assert.deepEqual(key(parse({ kind: 'text', template: '${key.secret}' }, SECRET)), {
    secret: SECRET,
  })
  const both: KeyFormat = { kind: 'text', template: 'aws ${key.id}:${key.secret}' }
  assert.deepEqual(key(parse(both, `aws ${ID}:${SECRET}`)), { id: ID, secret: SECRET })
  const twice: KeyFormat = {
    kind: 'json',
    fields: { A: '${key.id}', B: '${key.id}/${key.secret}' },
  }
  assert.deepEqual(key(parse(twice, JSON.stringify({ A: ID, B: `${ID}/${SECRET}` }))), {
    id: ID,
    secret: SECRET,
  })
})

test('a value not in the format holds no key, and says why without quoting it', () => {
  const full = {
    AWS_ACCESS_KEY_ID: ID,
    AWS_SECRET_ACCESS_KEY: SECRET,
    S3_BUCKET: 'amzn-s3-demo-bucket',
  }
  assert.match(why(parse(JSON_FORMAT, SECRET)), /not a JSON object/)
  assert.match(why(parse(JSON_FORMAT, JSON.stringify([ID, SECRET]))), /not a JSON object/)
  const { S3_BUCKET: _, ...lacking } = full
  assert.match(why(parse(JSON_FORMAT, JSON.stringify(lacking))), /lacks the field "S3_BUCKET"/)
  assert.match(
    why(parse(JSON_FORMAT, JSON.stringify({ ...full, REGION: 'us-east-1', ZONE: 'a' }))),
    /has the fields "REGION", "ZONE", which the format does not/,
  )
  assert.match(
    why(parse(JSON_FORMAT, JSON.stringify({ ...full, S3_BUCKET: 'another-bucket' }))),
    /field S3_BUCKET is not what the format says/,
  )
  assert.match(
    why(parse(JSON_FORMAT, JSON.stringify({ ...full, AWS_ACCESS_KEY_ID: 42 }))),
    /field AWS_ACCESS_KEY_ID/,
  )
  // keyward's own placeholder in a parameter being minted into is no secret
  assert.match(
    why(parse({ kind: 'text', template: '${key.secret}' }, 'keyward: a key is being minted')),
    /not in the format/,
  )
  // one placeholder, two different texts
  const twice: KeyFormat = { kind: 'text', template: '${key.id} ${key.secret} ${key.id}' }
  assert.match(why(parse(twice, `${ID} ${SECRET} AKIAI44QH8DHBEXAMPLE`)), /not in the format/)
})
