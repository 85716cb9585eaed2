import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseYaml, type YamlSource } from './yaml-source.ts'

const text = [
  'identities:', //                                              line 1
  '  app:', //                                                   line 2
  '    name: plain-${env}', //                                   line 3
  '    path: "/quoted/${env}/"', //                              line 4
  '    note: |', //                                              line 5
  '      block ${env}', //                                       line 6
  '    actions: s3:GetObject', //                                line 7
  '    list: [a, "b-${env}"]', //                                line 8
].join('\n')

function source(): YamlSource {
  const parsed = parseYaml(text)
  assert.ok(parsed.source)
  return parsed.source
}

test('a path points at the value, or at its key when asked', () => {
  assert.deepEqual(source().span(['identities', 'app', 'name']), {
    line: 3,
    column: 11,
    endLine: 3,
    endColumn: 23,
  })
  assert.deepEqual(source().span(['identities', 'app', 'name'], 'key'), {
    line: 3,
    column: 5,
    endLine: 3,
    endColumn: 9,
  })
})

test('characters inside plain and quoted scalars map to their exact columns', () => {
  assert.deepEqual(source().spanWithin(['identities', 'app', 'name'], 6, 12), {
    line: 3,
    column: 17,
    endLine: 3,
    endColumn: 23,
  })
  assert.deepEqual(source().spanWithin(['identities', 'app', 'path'], 8, 14), {
    line: 4,
    column: 20,
    endLine: 4,
    endColumn: 26,
  })
  assert.deepEqual(source().spanWithin(['identities', 'app', 'list', 1], 2, 8), {
    line: 8,
    column: 18,
    endLine: 8,
    endColumn: 24,
  })
})

test('a block scalar, whose text is not the value verbatim, falls back to the whole value', () => {
  assert.equal(source().spanWithin(['identities', 'app', 'note'], 6, 12).line, 5)
})

test('shorthand lists and missing paths fall back to the nearest node', () => {
  assert.deepEqual(source().spanWithin(['identities', 'app', 'actions', 0], 0, 2), {
    line: 7,
    column: 14,
    endLine: 7,
    endColumn: 16,
  })
  assert.equal(source().span(['identities', 'app', 'nothing', 3]).line, 3)
})

test('syntax errors come back as problems with positions, never as exceptions', () => {
  const parsed = parseYaml('a: [1, 2\nb: 3\n')
  assert.equal(parsed.source, undefined)
  assert.ok(parsed.problems.length > 0)
  assert.match(parsed.problems[0]?.message ?? '', /\.$/)
})
