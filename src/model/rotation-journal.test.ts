import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { decodeJournal, encodeJournal, journalName } from './rotation-journal.ts'
import type { RotationRecord, RotationState } from './rotation-record.ts'

const KEY = fc.stringMatching(/^AKIA[A-Z2-7]{16}$/)
const TIME = fc
  .integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2040, 0, 1) / 1000 })
  .map((s) => new Date(s * 1000))
const RECORD: fc.Arbitrary<RotationRecord> = fc
  .record({
    state: fc.constantFrom<RotationState>('pending', 'draining', 'inactive', 'current'),
    since: TIME,
    rotated: TIME,
    cur: KEY,
    old: KEY,
  })
  .map(({ old, ...r }) => (r.state === 'draining' || r.state === 'inactive' ? { ...r, old } : r))

test('a journal reads back as it was written', () => {
  fc.assert(
    fc.property(fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), RECORD), (entries) => {
      const records = new Map(Object.entries(entries))
      assert.deepEqual(decodeJournal(encodeJournal(records)), records)
    }),
  )
})

test('given text that is not a journal, when read, then it is refused rather than read as empty', () => {
  for (const text of [
    '',
    '{}',
    '[]',
    'null',
    '{"format":"keyward-rotation-journal/2","records":{}}',
    '{"format":"keyward-rotation-journal/1","records":{"a":"draining since=2026-01-01T00:00:00Z"}}',
    '{"format":"keyward-rotation-journal/1","records":{"a":7}}',
  ])
    assert.equal(decodeJournal(text), undefined, text)
  assert.deepEqual(decodeJournal('{"format":"keyward-rotation-journal/1","records":{}}'), new Map())
})

test('each project and environment has its own journal', () => {
  assert.equal(
    journalName({ project: 'tomoda', environment: 'prod' }),
    'keyward/journal/tomoda/prod',
  )
})
