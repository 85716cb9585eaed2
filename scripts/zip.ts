/**
 * A small zip writer for the Lambda runner bundle: the machine has no `zip` binary and keyward
 * takes no dependency for ~100 lines of format. Entries are deflated (or stored, when deflating
 * does not help), names are UTF-8, and every timestamp is the same fixed one, so the same files
 * in the same order give the same bytes: a rebuilt bundle can be compared with a deployed one.
 *
 * Format: PKWARE APPNOTE.TXT 6.3.x (local file headers, central directory, end of central
 * directory record); no ZIP64, so at most 65,535 entries and 4 GiB, far beyond Lambda's limits.
 * https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
 */
import { crc32, deflateRawSync } from 'node:zlib'

export interface ZipEntry {
  /** A relative path with `/` separators, e.g. `iam-data/data/actions/s3.json`. */
  readonly name: string
  readonly data: Uint8Array
  /** Unix permission bits; default 0o644. Lambda needs its files readable by every user. */
  readonly mode?: number
}

const LOCAL_HEADER = 0x04034b50
const CENTRAL_HEADER = 0x02014b50
const END_OF_CENTRAL_DIRECTORY = 0x06054b50
/** 2.0: deflate. */
const VERSION_NEEDED = 20
/** Made by Unix (3), so readers apply the permission bits in the external attributes. */
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED
/** General purpose bit 11: the name is UTF-8. */
const UTF8_NAMES = 1 << 11
const STORED = 0
const DEFLATED = 8
/** MS-DOS date and time of 1980-01-01 00:00:00, the earliest a zip can say. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1
const DOS_TIME = 0
const REGULAR_FILE = 0o100000
const MAX_16 = 0xffff
const MAX_32 = 0xffffffff

/** The zip archive of `entries`, in the order given. */
export function zip(entries: readonly ZipEntry[]): Buffer {
  if (entries.length > MAX_16) throw new Error(`A zip without ZIP64 holds at most ${MAX_16} files.`)
  const seen = new Set<string>()
  const parts: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    checkName(entry.name, seen)
    const name = Buffer.from(entry.name, 'utf8')
    const deflated = deflateRawSync(entry.data, { level: 9 })
    const method = deflated.length < entry.data.length ? DEFLATED : STORED
    const body = method === DEFLATED ? deflated : Buffer.from(entry.data)
    const crc = crc32(entry.data)
    if (offset > MAX_32 || body.length > MAX_32 || entry.data.length > MAX_32)
      throw new Error('A zip without ZIP64 holds at most 4 GiB.')
    const common = (header: Buffer, at: number) => {
      header.writeUInt16LE(UTF8_NAMES, at)
      header.writeUInt16LE(method, at + 2)
      header.writeUInt16LE(DOS_TIME, at + 4)
      header.writeUInt16LE(DOS_DATE, at + 6)
      header.writeUInt32LE(crc, at + 8)
      header.writeUInt32LE(body.length, at + 12)
      header.writeUInt32LE(entry.data.length, at + 16)
      header.writeUInt16LE(name.length, at + 20)
      header.writeUInt16LE(0, at + 22) // extra field length
    }
    const local = Buffer.alloc(30)
    local.writeUInt32LE(LOCAL_HEADER, 0)
    local.writeUInt16LE(VERSION_NEEDED, 4)
    common(local, 6)
    const record = Buffer.alloc(46)
    record.writeUInt32LE(CENTRAL_HEADER, 0)
    record.writeUInt16LE(VERSION_MADE_BY, 4)
    record.writeUInt16LE(VERSION_NEEDED, 6)
    common(record, 8)
    record.writeUInt16LE(0, 32) // comment length
    record.writeUInt16LE(0, 34) // disk number
    record.writeUInt16LE(0, 36) // internal attributes
    record.writeUInt32LE(((REGULAR_FILE | ((entry.mode ?? 0o644) & 0o7777)) << 16) >>> 0, 38)
    record.writeUInt32LE(offset, 42)
    parts.push(local, name, body)
    central.push(record, name)
    offset += local.length + name.length + body.length
  }
  const directory = Buffer.concat(central)
  if (offset > MAX_32) throw new Error('A zip without ZIP64 holds at most 4 GiB.')
  const end = Buffer.alloc(22)
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0)
  end.writeUInt16LE(0, 4) // this disk
  end.writeUInt16LE(0, 6) // disk with the central directory
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  end.writeUInt16LE(0, 20) // comment length
  return Buffer.concat([...parts, directory, end])
}

/** Names that unzip safely: relative, `/`-separated, no `..`, each once. */
function checkName(name: string, seen: Set<string>): void {
  const segments = name.split('/')
  if (
    name === '' ||
    name.startsWith('/') ||
    name.includes('\\') ||
    name.includes('\0') ||
    segments.some((s) => s === '' || s === '.' || s === '..')
  )
    throw new Error(`Not a relative file path a zip may hold: ${JSON.stringify(name)}`)
  if (seen.has(name)) throw new Error(`${name} is in the zip twice.`)
  seen.add(name)
  if (Buffer.byteLength(name, 'utf8') > MAX_16) throw new Error(`${name} is too long for a zip.`)
}
