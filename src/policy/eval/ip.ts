/**
 * IP addresses and CIDR blocks for IpAddress / NotIpAddress, IPv4 and IPv6. An address without
 * a prefix length is a block of one.
 */

interface Block {
  readonly bits: bigint
  readonly width: 32 | 128
  readonly prefix: number
}

export function parseBlock(text: string): Block | undefined {
  const [address = '', prefixText] = text.trim().split('/')
  const parsed = parseAddress(address)
  if (parsed === undefined) return undefined
  const prefix = prefixText === undefined ? parsed.width : Number(prefixText)
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > parsed.width) return undefined
  return { ...parsed, prefix }
}

/** Whether `address` lies in `block`; false when either is not an address of the same family. */
export function blockContains(block: string, address: string): boolean {
  const range = parseBlock(block)
  const target = parseAddress(address.trim())
  if (range === undefined || target === undefined || range.width !== target.width) return false
  const shift = BigInt(range.width - range.prefix)
  return range.bits >> shift === target.bits >> shift
}

function parseAddress(text: string): { bits: bigint; width: 32 | 128 } | undefined {
  if (text.includes(':')) {
    const bits = parseV6(text)
    return bits === undefined ? undefined : { bits, width: 128 }
  }
  const octets = text.split('.')
  if (octets.length !== 4 || !octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255))
    return undefined
  return { bits: octets.reduce((n, o) => (n << 8n) | BigInt(o), 0n), width: 32 }
}

function parseV6(text: string): bigint | undefined {
  // An embedded IPv4 tail (::ffff:10.0.0.1) is two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  let body = text
  if (v4?.[1] !== undefined) {
    const tail = parseAddress(v4[1])
    if (tail === undefined) return undefined
    body = `${text.slice(0, -v4[1].length)}${(tail.bits >> 16n).toString(16)}:${(tail.bits & 0xffffn).toString(16)}`
  }
  const halves = body.split('::')
  if (halves.length > 2) return undefined
  const groups = (half: string | undefined): string[] =>
    half === undefined || half === '' ? [] : half.split(':')
  const head = groups(halves[0])
  const tail = groups(halves[1])
  const missing = 8 - head.length - tail.length
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined
  return all.reduce((n, g) => (n << 16n) | BigInt(`0x${g}`), 0n)
}
