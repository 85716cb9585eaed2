/**
 * The runner's zip writer (scripts/zip.ts), read back by an independent implementation:
 * Python's zipfile module, which checks every CRC and reports what each entry says of itself.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { zip, type ZipEntry } from '../../scripts/zip.ts'

const dir = mkdtempSync(join(tmpdir(), 'keyward-zip-'))
after(() => rmSync(dir, { recursive: true, force: true }))

function python(...args: string[]): string {
  const result = spawnSync('python3', args, { encoding: 'utf8' })
  assert.equal(result.status, 0, `python3 ${args.join(' ')}\n${result.stderr}`)
  return result.stdout
}

/** What Python's zipfile reads in each entry's headers. */
const INSPECT = `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    print(json.dumps([{
        'name': i.filename, 'method': i.compress_type, 'utf8': bool(i.flag_bits & 0x800),
        'time': list(i.date_time), 'mode': oct(i.external_attr >> 16), 'size': i.file_size,
    } for i in z.infolist()]))
`

const ENTRIES: readonly ZipEntry[] = [
  { name: 'index.mjs', data: Buffer.from('export const handler = () => 1\n'.repeat(200)) },
  { name: 'empty.txt', data: new Uint8Array() },
  { name: 'données/café ☕.json', data: Buffer.from('{"ok":true}') },
  // Random bytes do not deflate: the entry is stored instead.
  { name: 'data/random.bin', data: randomBytes(4096) },
  { name: 'run.sh', data: Buffer.from('#!/bin/sh\n'), mode: 0o755 },
]

test('an archive passes Python’s zipfile test and extracts to the same bytes', () => {
  // given files of every kind, when zipped
  const file = join(dir, 'a.zip')
  writeFileSync(file, zip(ENTRIES))
  // then every CRC checks out
  assert.match(python('-m', 'zipfile', '-t', file), /Done testing/)
  // and extracting gives back exactly what went in
  const out = join(dir, 'a')
  python('-m', 'zipfile', '-e', file, out)
  for (const entry of ENTRIES)
    assert.deepEqual(readFileSync(join(out, entry.name)), Buffer.from(entry.data), entry.name)
})

test('headers say UTF-8 names, the fixed 1980 timestamp, file modes and the method that fits', () => {
  const file = join(dir, 'b.zip')
  writeFileSync(file, zip(ENTRIES))
  const infos = JSON.parse(python('-c', INSPECT, file)) as {
    name: string
    method: number
    utf8: boolean
    time: number[]
    mode: string
    size: number
  }[]
  assert.deepEqual(
    infos.map((i) => i.name),
    ENTRIES.map((e) => e.name),
  )
  assert.ok(infos.every((i) => i.utf8))
  assert.ok(infos.every((i) => i.time.join(',') === '1980,1,1,0,0,0'))
  const by = new Map(infos.map((i) => [i.name, i]))
  assert.equal(by.get('index.mjs')?.method, 8, 'repetitive text is deflated')
  assert.equal(by.get('data/random.bin')?.method, 0, 'incompressible bytes are stored')
  assert.equal(by.get('index.mjs')?.mode, '0o100644')
  assert.equal(by.get('run.sh')?.mode, '0o100755')
  assert.equal(by.get('empty.txt')?.size, 0)
})

test('the same entries give the same bytes', () => {
  assert.deepEqual(zip(ENTRIES), zip(ENTRIES))
})

test('an empty archive is still a valid zip', () => {
  const file = join(dir, 'empty.zip')
  writeFileSync(file, zip([]))
  assert.equal(python('-c', INSPECT, file).trim(), '[]')
})

test('names that would unzip outside the directory, or twice, are refused', () => {
  const data = Buffer.from('x')
  for (const name of ['../evil', '/etc/passwd', 'a/../../b', 'a\\b', 'a//b', '', 'dir/'])
    assert.throws(() => zip([{ name, data }]), /Not a relative file path/, name)
  assert.throws(
    () =>
      zip([
        { name: 'a', data },
        { name: 'a', data },
      ]),
    /twice/,
  )
})
