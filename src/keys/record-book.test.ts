import assert from 'node:assert/strict'
import { test } from 'node:test'
import { KeywardError } from '../errors.ts'
import type { JournalPort } from '../model/ports.ts'
import type { JournalRecords } from '../model/rotation-journal.ts'
import type { RotationRecord } from '../model/rotation-record.ts'
import { RecordBook } from './record-book.ts'

const T = new Date('2026-01-01T00:00:00Z')
const pending = (cur: string): RotationRecord => ({ state: 'pending', since: T, rotated: T, cur })

/** A journal in memory that checks the compare-and-swap as Secrets Manager's stages do. */
function memoryJournal(): JournalPort & { writes: JournalRecords[]; version: string | undefined } {
  const j = {
    writes: [] as JournalRecords[],
    version: undefined as string | undefined,
    readJournal: () => Promise.resolve({ records: new Map() }),
    writeJournal(expected: string | undefined, records: JournalRecords) {
      if (expected !== j.version)
        return Promise.reject(new KeywardError('rotation-conflict', 'moved', { source: 'user' }))
      j.writes.push(records)
      j.version = `v${j.writes.length}`
      return Promise.resolve(j.version)
    },
  }
  return j
}

// AWS's documentation style of example key ids: none of these exist.
const A = 'AKIAJOURNALA0EXAMPLE'
const B = 'AKIAJOURNALB0EXAMPLE'
const C = 'AKIAJOURNALC0EXAMPLE'
const O = 'AKIAJOURNALO0EXAMPLE'

const tick = () => new Promise((resolve) => setImmediate(resolve))

test('given rotations in step, when each writes its record, then the journal is written once for all', async () => {
  const journal = memoryJournal()
  const book = new RecordBook(journal, { records: new Map() })
  for (let i = 0; i < 3; i++) book.join()
  const first = book.write('a', pending(A))
  const second = book.write('b', pending(B))
  await tick()
  // one rotation has not reached its write: nothing is written yet
  assert.equal(journal.writes.length, 0)
  const third = book.write('c', pending(C))
  await Promise.all([first, second, third])
  assert.equal(journal.writes.length, 1)
  assert.deepEqual([...(journal.writes[0]?.keys() ?? [])].sort(), ['a', 'b', 'c'])
  assert.equal(book.get('b')?.cur, B)
})

test('given a rotation that finishes without writing, when the others wait, then they are written', async () => {
  const journal = memoryJournal()
  const book = new RecordBook(journal, { records: new Map() })
  book.join()
  book.join()
  const waiting = book.write('a', pending(A))
  await tick()
  assert.equal(journal.writes.length, 0)
  book.leave()
  await waiting
  assert.equal(journal.writes.length, 1)
})

test('given records from an earlier run, when one is written, then the others are kept', async () => {
  const journal = memoryJournal()
  const earlier = new Map([['old', pending(O)]])
  const book = new RecordBook(journal, { records: earlier })
  book.join()
  await book.write('a', pending(A))
  assert.deepEqual([...(journal.writes[0]?.keys() ?? [])].sort(), ['a', 'old'])
})

test('given another run wrote first, when this run writes, then this and every later write fail', async () => {
  const journal = memoryJournal()
  journal.version = 'someone-else'
  const book = new RecordBook(journal, { records: new Map(), version: 'v0' })
  book.join()
  await assert.rejects(book.write('a', pending(A)), /moved/)
  await assert.rejects(book.write('b', pending(B)), /moved/)
  assert.equal(journal.writes.length, 0)
  assert.equal(book.get('a'), undefined)
})

test('given writes while one is in flight, when it lands, then they go together in the next', async () => {
  const journal = memoryJournal()
  const book = new RecordBook(journal, { records: new Map() })
  book.join()
  const first = book.write('a', pending(A))
  // two more rotations join and write while the first write is under way
  book.join()
  book.join()
  const later = [book.write('b', pending(B)), book.write('c', pending(C))]
  await first
  // the first rotation is done; the two others are written together
  book.leave()
  await Promise.all(later)
  assert.deepEqual(
    journal.writes.map((w) => [...w.keys()].sort().join()),
    ['a', 'a,b,c'],
  )
})
