import { BlockList, isIPv4, isIPv6 } from 'node:net'
import { reachedAddress } from './address-class'

/**
 * The internal receivers a team has vouched for: host names (exact, as a URL would spell them) and IP
 * addresses or CIDR ranges. Webhooks to these are sent even in production, where other non-public
 * destinations are refused; link-local and metadata addresses stay refused whatever the list says.
 */
export interface AllowList {
  /** The list as given, for messages. */
  readonly entries: readonly string[]
  /** Whether a URL's host name is listed. */
  allowsHost(hostname: string): boolean
  /** Whether an IP address is in a listed address or range. */
  allowsAddress(address: string): boolean
}

export type AllowListResult = { list: AllowList } | { problem: string }

/** Host names the way the URL parser leaves them: lower case letters, digits, hyphens, dots. */
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/

/** An empty list: nothing beyond what the mode allows. */
export const EMPTY_ALLOW_LIST = allowListOf([]) as { list: AllowList }

/**
 * Reads a comma- or space-separated list such as `hooks.internal, 10.20.0.0/16, fd12::/16, 127.0.0.1`.
 * A host name is matched exactly (after the URL parser's normalisation: lower case, no trailing dot); an
 * address without a prefix length is that one address.
 */
export function allowListOf(entries: readonly string[]): AllowListResult {
  const hosts = new Set<string>()
  const ranges = new BlockList()
  for (const entry of entries) {
    const problem = addEntry(entry, hosts, ranges)
    if (problem) return { problem }
  }
  return {
    list: {
      entries,
      allowsHost: (hostname) => hosts.has(hostname.toLowerCase().replace(/\.$/, '')),
      allowsAddress: (address) => {
        const reached = reachedAddress(address)
        return reached !== undefined && ranges.check(reached.address, reached.family)
      },
    },
  }
}

/** Splits a setting's text into entries. */
export const allowListEntries = (text: string) => text.split(/[\s,]+/).filter((entry) => entry !== '')

function addEntry(entry: string, hosts: Set<string>, ranges: BlockList): string | undefined {
  const [network = '', prefixText, ...rest] = entry.split('/')
  const address = network.replace(/^\[(.*)\]$/, '$1')
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined
  if (family === undefined) {
    const host = entry.toLowerCase().replace(/\.$/, '')
    if (!HOST_NAME.test(host)) {
      return `'${entry}' is neither a host name, an IP address nor a CIDR range such as 10.0.0.0/8`
    }
    hosts.add(host)
    return undefined
  }
  const bits = family === 'ipv4' ? 32 : 128
  if (prefixText === undefined) {
    ranges.addAddress(address, family)
    return undefined
  }
  const prefix = Number(prefixText)
  if (rest.length > 0 || !/^\d{1,3}$/.test(prefixText) || prefix > bits) {
    return `'${entry}' has a prefix length that is not a number from 0 to ${bits}`
  }
  ranges.addSubnet(address, prefix, family)
  return undefined
}
