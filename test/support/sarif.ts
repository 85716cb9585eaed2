/** The SARIF 2.1.0 schema as a validator, for the tests that produce SARIF. */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Ajv } from 'ajv'

/**
 * The schema as @microsoft/jest-sarif ships it is written in draft-04, whose only keyword Ajv 8
 * does not know is the root `id`: it becomes `$id`, and `$schema` goes so that Ajv reads it as its
 * default draft. Ajv-formats is not installed, so the three formats the schema uses are checked
 * here, by URL parsing and a date-time pattern.
 */
export function sarifValidator() {
  const require = createRequire(import.meta.url)
  const path = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json')
  const {
    $schema: _draft,
    id,
    ...schema
  } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
  assert.ok(typeof id === 'string')
  // Strict, but for `required` names inside an `anyOf` branch, which the schema uses on purpose;
  // its `language` pattern has a stray `]`, legal only outside Unicode mode.
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    strictRequired: false,
    unicodeRegExp: false,
  })
  const uriChars = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/
  ajv.addFormat('uri', (s: string) => uriChars.test(s) && URL.canParse(s))
  ajv.addFormat('uri-reference', (s: string) => uriChars.test(s) && URL.canParse(s, 'file:///x/'))
  ajv.addFormat('date-time', (s: string) =>
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s),
  )
  return ajv.compile({ ...schema, $id: id })
}
