import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BASE_OPERATORS, parseOperator, suggestOperator } from './condition-operators.ts'

test('every documented operator parses, with IfExists and set qualifiers', () => {
  for (const base of BASE_OPERATORS) {
    assert.deepEqual(parseOperator(base), { base, ifExists: false })
    assert.deepEqual(parseOperator(`ForAnyValue:${base}`), {
      base,
      ifExists: false,
      qualifier: 'ForAnyValue',
    })
    if (base === 'Null') continue
    assert.deepEqual(parseOperator(`${base}IfExists`), { base, ifExists: true })
    assert.deepEqual(parseOperator(`ForAllValues:${base}IfExists`), {
      base,
      ifExists: true,
      qualifier: 'ForAllValues',
    })
  }
})

test('rejects misspellings, wrong case and NullIfExists', () => {
  for (const bad of [
    'StringEqual',
    'stringequals',
    'NullIfExists',
    'ForAny:StringEquals',
    'StringEqualsIfExistsIfExists',
  ]) {
    assert.equal(parseOperator(bad), undefined, bad)
  }
})

test('suggests the right spelling, keeping the qualifier', () => {
  assert.deepEqual(suggestOperator('StringEqual'), ['StringEquals'])
  assert.deepEqual(suggestOperator('stringequals'), ['StringEquals'])
  assert.deepEqual(suggestOperator('ForAnyValu:StringLik'), ['ForAnyValue:StringLike'])
})
