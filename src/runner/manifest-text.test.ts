/**
 * Writing the runner into a manifest leaves every other byte as the person wrote it — comments,
 * quotes, flow lists — and writing it again replaces it rather than adding a second one.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { parse } from 'yaml'
import { entryYaml, mergeEntry } from './manifest-text.ts'

const ENTRY = {
  type: 'role',
  name: '${project}-runner-${env}',
  trust: { services: ['lambda.amazonaws.com'] },
  allow: [{ sid: 'Keys', actions: ['iam:ListAccessKeys'], resources: ['${identities.a.arn}'] }],
}

const render = (entry: unknown) => (indent: string) => entryYaml('runner', entry, indent)

test('the entry is added after the last identity, and nothing else changes', () => {
  // given an example with comments, flow lists, quoting, and another section after identities
  const text = `${readFileSync('examples/tomoda.yaml', 'utf8')}# trailing comment\n`
  // when the runner is merged
  const merged = mergeEntry(text, 'runner', render(ENTRY))
  assert.equal(merged.kind, 'merged')
  assert.equal(merged.replaced, false)
  // then the manifest reads as before, with one more identity that is the entry
  const before = parse(text) as { identities: Record<string, unknown> }
  const after = parse(merged.text) as { identities: Record<string, unknown> }
  assert.deepEqual(after, { ...before, identities: { ...before.identities, runner: ENTRY } })
  // and every line of the original is still there, in order, as it was written
  const added = entryYaml('runner', ENTRY, '  ')
  assert.equal(merged.text.replace(added, ''), text)
})

test('merging again replaces the entry in place, whatever follows it', () => {
  // given a manifest where the runner sits between two identities, above a later section
  const text = `version: 1
project: p
environments: { dev: { account: '111111111111', region: us-east-1 } }
identities:
    a:   # four-space indent, kept
        type: user
    runner:
        type: role
        name: old
    b:
        type: group
policies: {}
`
  // when a new entry is merged
  const next = { ...ENTRY, name: 'new' }
  const merged = mergeEntry(text, 'runner', render(next))
  assert.equal(merged.kind, 'merged')
  assert.equal(merged.replaced, true)
  // then it stands where the old one stood, at the manifest's own indentation
  assert.equal(
    merged.text,
    text.replace(
      '    runner:\n        type: role\n        name: old\n',
      entryYaml('runner', next, '    '),
    ),
  )
  assert.deepEqual((parse(merged.text) as { identities: Record<string, unknown> }).identities, {
    a: { type: 'user' },
    runner: next,
    b: { type: 'group' },
  })
  // and merging the same entry once more changes nothing
  const again = mergeEntry(merged.text, 'runner', render(next))
  assert.equal(again.kind === 'merged' && again.text, merged.text)
})

test('identities written as a flow mapping cannot be merged into', () => {
  const text = `version: 1
project: p
environments: { dev: { account: '111111111111', region: us-east-1 } }
identities: { a: { type: user } }
`
  assert.deepEqual(mergeEntry(text, 'runner', render(ENTRY)), {
    kind: 'unmergeable',
    why: '`identities` is not a block mapping',
  })
})

test('short lists of scalars are written on one line, long ones one item a line', () => {
  const text = entryYaml('runner', {
    short: ['a', 'b'],
    long: Array.from({ length: 12 }, (_, i) => `iam:SomeRatherLongActionName${i}`),
  })
  assert.match(text, /^ {4}short: \[a, b\]$/m)
  assert.match(text, /^ {4}long:\n {6}- iam:SomeRatherLongActionName0$/m)
})
