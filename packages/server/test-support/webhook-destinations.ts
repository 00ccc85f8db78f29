import type { LookupAddress } from 'node:dns'
import { isIPv6 } from 'node:net'
import type { AllowList } from '../src/webhooks/allow-list'
import { type DestinationPolicy, destinationPolicy, type Resolver } from '../src/webhooks/destination-policy'

/**
 * A resolver that knows only the names it is given and never asks the network: every other name is
 * ENOTFOUND, so no test sends a DNS query, let alone a delivery, off the machine. `seen` lists the names
 * it was asked about, in order.
 */
export function offlineResolver(names: Record<string, string[]> = {}): Resolver & { seen: string[] } {
  const seen: string[] = []
  const resolve = async (hostname: string): Promise<LookupAddress[]> => {
    seen.push(hostname)
    const addresses = Object.hasOwn(names, hostname) ? names[hostname] : undefined
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
    return addresses.map((address) => ({ address, family: isIPv6(address) ? 6 : 4 }))
  }
  return Object.assign(resolve, { seen })
}

/** The rule of `heed start` with NODE_ENV=production, over an offline resolver. */
export const productionDestinations = (options: { allow?: AllowList; resolve?: Resolver } = {}) =>
  destinationPolicy({ production: true, resolve: offlineResolver(), ...options })

/** The rule outside production (loopback receivers allowed), over an offline resolver. */
export const developmentDestinations = (options: { resolve?: Resolver } = {}): DestinationPolicy =>
  destinationPolicy({ production: false, resolve: offlineResolver(), ...options })
