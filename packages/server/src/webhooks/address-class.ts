import { BlockList, isIPv4, isIPv6 } from 'node:net'

/**
 * What an IP address reaches, for deciding whether a webhook may be sent there. `public` is the only class
 * a server in production posts to unless told otherwise; `link-local` and `metadata` (cloud instance
 * metadata services, which hand out credentials) are never posted to.
 */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'metadata'
  | 'unique-local'
  | 'multicast'
  | 'unspecified'
  | 'broadcast'
  | 'reserved'

type Family = 'ipv4' | 'ipv6'

/** Each class's ranges, checked in this order: the first match names the class. */
const RANGES: Array<[AddressClass, Family, string, number]> = [
  // Metadata services outside link-local, and the well-known ones inside it (named for what they are).
  ['metadata', 'ipv4', '169.254.169.254', 32],
  ['metadata', 'ipv4', '169.254.170.2', 32],
  ['metadata', 'ipv4', '100.100.100.200', 32],
  ['metadata', 'ipv6', 'fd00:ec2::254', 128],
  // "This network": Linux connects 0.0.0.0 to the machine itself.
  ['unspecified', 'ipv4', '0.0.0.0', 8],
  ['private', 'ipv4', '10.0.0.0', 8],
  ['shared', 'ipv4', '100.64.0.0', 10],
  ['loopback', 'ipv4', '127.0.0.0', 8],
  ['link-local', 'ipv4', '169.254.0.0', 16],
  ['private', 'ipv4', '172.16.0.0', 12],
  // IETF protocol assignments, documentation, the old 6to4 relay, benchmarking, and the future-use block.
  ['reserved', 'ipv4', '192.0.0.0', 24],
  ['reserved', 'ipv4', '192.0.2.0', 24],
  ['reserved', 'ipv4', '192.88.99.0', 24],
  ['private', 'ipv4', '192.168.0.0', 16],
  ['reserved', 'ipv4', '198.18.0.0', 15],
  ['reserved', 'ipv4', '198.51.100.0', 24],
  ['reserved', 'ipv4', '203.0.113.0', 24],
  ['multicast', 'ipv4', '224.0.0.0', 4],
  ['broadcast', 'ipv4', '255.255.255.255', 32],
  ['reserved', 'ipv4', '240.0.0.0', 4],
  ['unspecified', 'ipv6', '::', 128],
  ['loopback', 'ipv6', '::1', 128],
  ['reserved', 'ipv6', '64:ff9b:1::', 48],
  ['reserved', 'ipv6', '100::', 64],
  // IETF protocol assignments (Teredo among them) and documentation.
  ['reserved', 'ipv6', '2001::', 23],
  ['reserved', 'ipv6', '2001:db8::', 32],
  ['reserved', 'ipv6', '3fff::', 20],
  ['unique-local', 'ipv6', 'fc00::', 7],
  ['link-local', 'ipv6', 'fe80::', 10],
  // Site-local, deprecated but still routed inside some networks like private IPv4.
  ['private', 'ipv6', 'fec0::', 10],
  ['multicast', 'ipv6', 'ff00::', 8],
]

const LISTS = RANGES.map(([name, family, network, prefix]) => {
  const list = new BlockList()
  list.addSubnet(network, prefix, family)
  return { name, family, list }
})

/** Only 2000::/3 is handed out as global unicast; every other IPv6 address is special in some way. */
const GLOBAL_UNICAST = new BlockList()
GLOBAL_UNICAST.addSubnet('2000::', 3, 'ipv6')

/**
 * The class of an IP address written as an IPv4 dotted quad or in any IPv6 form, or undefined for anything
 * else (host names, numeric forms other than the dotted quad: pass those through `new URL` first, which
 * turns 127.1, 2130706433 and 0x7f000001 into 127.0.0.1). An IPv6 address that carries an IPv4 one
 * (IPv4-mapped, IPv4-compatible, NAT64, 6to4) is the class of the IPv4 address it reaches.
 */
export function addressClass(address: string): AddressClass | undefined {
  const bare = withoutZone(address)
  if (isIPv4(bare)) return classOf(bare, 'ipv4')
  if (!isIPv6(bare)) return undefined
  const groups = ipv6Groups(bare)
  const embedded = embeddedIPv4(groups)
  if (embedded !== undefined) return classOf(embedded, 'ipv4')
  const named = classOf(bare, 'ipv6')
  if (named !== 'public') return named
  return GLOBAL_UNICAST.check(bare, 'ipv6') ? 'public' : 'reserved'
}

/**
 * The address a connection to `address` reaches, in the form an allowlist compares: the IPv4 address an
 * IPv6 form carries, the address itself otherwise; undefined when it is not an IP address.
 */
export function reachedAddress(address: string): { address: string; family: Family } | undefined {
  const bare = withoutZone(address)
  if (isIPv4(bare)) return { address: bare, family: 'ipv4' }
  if (!isIPv6(bare)) return undefined
  const embedded = embeddedIPv4(ipv6Groups(bare))
  return embedded === undefined ? { address: bare, family: 'ipv6' } : { address: embedded, family: 'ipv4' }
}

function classOf(address: string, family: Family): AddressClass {
  for (const range of LISTS) {
    if (range.family === family && range.list.check(address, family)) return range.name
  }
  return 'public'
}

/** A link-local address may carry its interface (`fe80::1%eth0`); the class does not depend on it. */
const withoutZone = (address: string) => address.replace(/%.*$/, '')

/** The eight 16-bit groups of a valid IPv6 address. */
function ipv6Groups(address: string): number[] {
  let text = address
  // A trailing dotted quad (::ffff:127.0.0.1) is the last two groups.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const parse = (part: string) =>
    part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16))
  const start = parse(head)
  if (tail === undefined) return start
  const end = parse(tail)
  return [...start, ...Array<number>(8 - start.length - end.length).fill(0), ...end]
}

/** The IPv4 address an IPv6 address stands for, if it is one of the forms that carry one. */
function embeddedIPv4(groups: number[]): string | undefined {
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups
  const low = () => [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff].join('.')
  const zeroTo = (count: number) => groups.slice(0, count).every((group) => group === 0)
  // ::ffff:a.b.c.d (IPv4-mapped): what a dual-stack socket connects to as a.b.c.d.
  if (zeroTo(5) && g5 === 0xffff) return low()
  // ::a.b.c.d (IPv4-compatible, deprecated), but not :: and ::1 themselves.
  if (zeroTo(6) && (g6 !== 0 || g7 > 1)) return low()
  // 64:ff9b::a.b.c.d: the well-known NAT64 prefix translates to a.b.c.d.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return low()
  // 2002:AABB:CCDD::/48 (6to4) tunnels to AA.BB.CC.DD.
  if (g0 === 0x2002 && g1 !== undefined && g2 !== undefined) {
    return [g1 >> 8, g1 & 0xff, g2 >> 8, g2 & 0xff].join('.')
  }
  return undefined
}
