import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import type { LookupFunction } from 'node:net'
import { type AddressClass, addressClass } from './address-class'
import { type AllowList, EMPTY_ALLOW_LIST } from './allow-list'

/** Resolves a host name to every address it has; the system's resolver unless a test supplies its own. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>

/**
 * Where webhooks may be sent. In production only public addresses, and the receivers the allowlist names;
 * otherwise (development, tests) any address but link-local and metadata ones, which are refused in every
 * mode because a request there hands out the machine's cloud credentials.
 */
export interface DestinationPolicy {
  readonly production: boolean
  readonly allow: AllowList
  readonly resolve: Resolver
}

export function destinationPolicy(options: {
  production: boolean
  allow?: AllowList
  resolve?: Resolver
}): DestinationPolicy {
  return {
    production: options.production,
    allow: options.allow ?? EMPTY_ALLOW_LIST.list,
    resolve: options.resolve ?? systemResolver,
  }
}

/** The name of the setting that lists internal receivers, for messages that point at it. */
export const ALLOW_SETTING = 'HEED_WEBHOOK_ALLOW_HOSTS'

/** getaddrinfo, as a connection would use it: /etc/hosts included, every address, in the system's order. */
const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, order: 'verbatim' }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    )
  })

/** Refused at delivery time: what the delivery log says is only that the destination is not allowed. */
export class DestinationRefused extends Error {
  readonly code = 'EDESTINATIONREFUSED'
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly addressClass: AddressClass,
  ) {
    super(`${hostname} is ${address}, a ${addressClass} address, which webhooks are not sent to`)
    this.name = 'DestinationRefused'
  }
}

const NEVER: ReadonlySet<AddressClass> = new Set(['link-local', 'metadata'])

/** RFC 6761: these names are the machine itself, whatever a resolver says. */
const LOCALHOST = /^(?:.+\.)?localhost\.?$/i

/**
 * The class of `address` if `hostname` must not be reached through it under the policy, else undefined.
 * An address that is not an IP address is refused too, as `reserved`.
 */
export function refusedClass(
  policy: DestinationPolicy,
  hostname: string,
  address: string,
): AddressClass | undefined {
  const found = addressClass(address) ?? 'reserved'
  if (NEVER.has(found)) return found
  if (!policy.production || found === 'public') return undefined
  if (policy.allow.allowsHost(hostname) || policy.allow.allowsAddress(address)) return undefined
  return found
}

/** A URL's host without the brackets of an IPv6 literal. */
export const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1')

/**
 * The problem with a URL's host that needs no resolver: an IP address (the URL parser has already turned
 * 127.1, 2130706433, 0x7f000001 and 0177.0.0.1 into 127.0.0.1) or a localhost name, which the policy
 * refuses. Undefined for anything else.
 */
export function literalHostProblem(policy: DestinationPolicy, url: URL): string | undefined {
  const host = hostOf(url)
  if (addressClass(host) !== undefined) {
    const refused = refusedClass(policy, host, host)
    return refused && `is ${NAMES[refused]} address: ${why(refused)}`
  }
  if (LOCALHOST.test(host)) {
    // Either loopback address may be the one connected to, so both must be allowed.
    const refused = refusedClass(policy, host, '127.0.0.1') ?? refusedClass(policy, host, '::1')
    return refused && `is this machine (localhost): ${why(refused)}`
  }
  return undefined
}

/** How long a check at creation waits for the resolver before leaving the question to delivery time. */
const RESOLVE_TIMEOUT_MS = 5_000

/**
 * The problem with posting to a URL under the policy, or undefined: its host is refused, or resolves to an
 * address that is (any one of them). A name that does not resolve (yet) is accepted: every delivery checks
 * again the addresses it connects to.
 */
export async function destinationProblem(policy: DestinationPolicy, url: URL): Promise<string | undefined> {
  const literal = literalHostProblem(policy, url)
  const host = hostOf(url)
  if (literal || addressClass(host) !== undefined) return literal
  const addresses = await resolveWithin(policy.resolve, host, RESOLVE_TIMEOUT_MS)
  for (const { address } of addresses) {
    const refused = refusedClass(policy, host, address)
    if (refused) return `resolves to ${NAMES[refused]} address: ${why(refused)}`
  }
  return undefined
}

async function resolveWithin(resolve: Resolver, host: string, timeoutMs: number): Promise<LookupAddress[]> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<LookupAddress[]>((done) => {
    timer = setTimeout(() => done([]), timeoutMs)
  })
  try {
    return await Promise.race([resolve(host).catch(() => []), late])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * A `lookup` for the connections that deliver webhooks: it resolves the host, refuses the connection when
 * any address is refused (a name that mixes a public address with an internal one is not trusted with
 * either), and hands the socket only the addresses it checked, so a DNS answer that changes between the
 * check at creation and the delivery (DNS rebinding) is caught at the moment of connecting.
 */
export function guardedLookup(policy: DestinationPolicy): LookupFunction {
  return (hostname, options, callback) => {
    policy.resolve(hostname).then(
      (addresses) => {
        for (const { address } of addresses) {
          const refused = refusedClass(policy, hostname, address)
          if (refused) return callback(new DestinationRefused(hostname, address, refused), '', 0)
        }
        const wanted = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family
        const usable = addresses.filter(({ family }) => !wanted || family === wanted)
        const [first] = usable
        if (!first) {
          const error: NodeJS.ErrnoException = new Error(`${hostname} has no address`)
          error.code = 'ENOTFOUND'
          return callback(error, '', 0)
        }
        if (options.all) return callback(null, usable)
        callback(null, first.address, first.family)
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    )
  }
}

/** Each class as a message names it. */
const NAMES: Record<AddressClass, string> = {
  public: 'a public',
  loopback: 'a loopback',
  private: 'a private (RFC 1918)',
  shared: 'a carrier-grade NAT (100.64.0.0/10)',
  'link-local': 'a link-local',
  metadata: 'a cloud metadata service',
  'unique-local': 'a unique-local (fc00::/7)',
  multicast: 'a multicast',
  unspecified: 'an unspecified',
  broadcast: 'a broadcast',
  reserved: 'a reserved, special-purpose',
}

function why(refused: AddressClass): string {
  if (NEVER.has(refused)) return 'webhooks are never sent to link-local or cloud metadata addresses'
  return `in production, webhooks are sent only to public hosts unless ${ALLOW_SETTING} lists the receiver`
}
