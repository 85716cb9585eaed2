/**
 * The JSON Schema editors use is generated from the validator's own definitions. An independent
 * JSON Schema implementation (Ajv) must accept every example and reject structural mistakes.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { test } from 'node:test'
import { Ajv } from 'ajv'
import { parse } from 'yaml'
import { manifestJsonSchema } from '../src/manifest/json-schema.ts'

const schema = manifestJsonSchema()
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema)

test('every example conforms to the JSON Schema', () => {
  for (const file of readdirSync('examples').filter((f) => f.endsWith('.yaml'))) {
    const data: unknown = parse(readFileSync(`examples/${file}`, 'utf8'))
    assert.ok(validate(data), `${file}: ${JSON.stringify(validate.errors, null, 2)}`)
  }
})

test('the JSON Schema rejects what the schema phase rejects', () => {
  const base = parse(readFileSync('examples/tomoda.yaml', 'utf8')) as Record<string, unknown>
  const broken: [string, Record<string, unknown>][] = [
    ['unknown top-level key', { ...base, identites: {} }],
    ['missing version', Object.fromEntries(Object.entries(base).filter(([k]) => k !== 'version'))],
    ['identity type misspelled', { ...base, identities: { a: { type: 'usr' } } }],
    ['trust on a user', { ...base, identities: { a: { type: 'user', trust: { aws: ['1'] } } } }],
    [
      'key on a role',
      { ...base, identities: { a: { type: 'role', trust: { aws: ['1'] }, key: {} } } },
    ],
    [
      'bad duration',
      {
        ...base,
        identities: { a: { type: 'role', trust: { aws: ['1'] }, maxSessionDuration: '1 hour' } },
      },
    ],
  ]
  for (const [name, data] of broken) assert.equal(validate(data), false, name)
})
