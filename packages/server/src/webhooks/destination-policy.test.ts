import type { LookupAddress } from 'node:dns'
import { describe, expect, it } from 'vitest'
import { offlineResolver } from '../../test-support/webhook-destinations'
import { allowListOf } from './allow-list'
import {
  DestinationRefused,
  destinationPolicy,
  destinationProblem,
  guardedLookup,
  literalHostProblem,
  type Resolver,
} from './destination-policy'

// Nothing here connects anywhere: addresses are values to classify, and every resolver is a table.
const NAMES = {
  'hooks.public.test': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'hooks.loopback.test': ['127.0.0.1'],
  'hooks.mixed.test': ['93.184.215.14', '10.0.0.7'],
  'hooks.metadata.test': ['169.254.169.254'],
  'hooks.internal.test': ['10.1.2.3'],
}

const policy = (production: boolean, allow: string[] = [], resolve: Resolver = offlineResolver(NAMES)) => {
  const list = allowListOf(allow)
  if ('problem' in list) throw new Error(list.problem)
  return destinationPolicy({ production, allow: list.list, resolve })
}

/** What the guarded lookup hands a socket, or the error it refuses with. */
function lookUp(
  lookup: ReturnType<typeof guardedLookup>,
  hostname: string,
  options: { all?: boolean; family?: number } = {},
): Promise<{ error: NodeJS.ErrnoException | null; result: string | LookupAddress[]; family?: number }> {
  return new Promise((resolve) => {
    lookup(hostname, options, (error, result, family) => resolve({ error, result, family }))
  })
}

describe('destinationProblem', () => {
  const problem = (rule: ReturnType<typeof policy>, url: string) => destinationProblem(rule, new URL(url))

  it('refuses in production what is or resolves to a non-public address, and accepts public ones', async () => {
    const production = policy(true)
    expect(await problem(production, 'https://hooks.public.test/in')).toBeUndefined()
    expect(await problem(production, 'https://[2606:4700::1111]/in')).toBeUndefined()
    expect(await problem(production, 'https://hooks.loopback.test/in')).toMatch(
      /^resolves to a loopback address/,
    )
    expect(await problem(production, 'https://hooks.mixed.test/in')).toMatch(/^resolves to a private/)
    expect(await problem(production, 'https://127.1/in')).toMatch(/^is a loopback address/)
    expect(await problem(production, 'https://localhost/in')).toMatch(/^is this machine \(localhost\)/)
  })

  it('accepts a name that does not resolve, or not in time: delivery checks again', async () => {
    expect(await problem(policy(true), 'https://not-yet.test/in')).toBeUndefined()
  })

  it('outside production refuses only link-local and metadata destinations', async () => {
    const development = policy(false)
    for (const url of [
      'http://127.0.0.1/',
      'http://localhost/',
      'http://hooks.mixed.test/',
      'http://[fd00::1]/',
    ]) {
      expect(await problem(development, url), url).toBeUndefined()
    }
    for (const url of ['http://169.254.169.254/', 'http://hooks.metadata.test/', 'http://[fe80::1]/']) {
      expect(await problem(development, url), url).toMatch(/webhooks are never sent to link-local/)
    }
  })

  it('lets the allowlist open internal receivers by host name or range, but never link-local ones', async () => {
    const allowed = policy(true, [
      'hooks.internal.test',
      '127.0.0.0/8',
      '::1',
      '169.254.0.0/16',
      'hooks.metadata.test',
    ])
    expect(await problem(allowed, 'http://hooks.internal.test/')).toBeUndefined()
    expect(await problem(allowed, 'http://hooks.loopback.test/')).toBeUndefined()
    expect(await problem(allowed, 'http://localhost/')).toBeUndefined()
    expect(await problem(allowed, 'http://[::ffff:127.0.0.1]/')).toBeUndefined()
    expect(await problem(allowed, 'http://169.254.169.254/')).toMatch(/never sent to link-local/)
    expect(await problem(allowed, 'http://hooks.metadata.test/')).toMatch(/never sent to link-local/)
    expect(await problem(allowed, 'http://hooks.mixed.test/')).toMatch(/^resolves to a private/)
  })

  it('refuses localhost unless both loopback addresses are allowed, since either may be connected to', async () => {
    expect(await problem(policy(true, ['127.0.0.1']), 'http://localhost/')).toMatch(/^is this machine/)
    expect(await problem(policy(true, ['localhost']), 'http://localhost/')).toBeUndefined()
  })
})

describe('literalHostProblem', () => {
  it('needs no resolver: only IP addresses and localhost names are judged', () => {
    const production = policy(true, [], () => Promise.reject(new Error('never asked')))
    expect(literalHostProblem(production, new URL('https://0x7f000001/'))).toMatch(/loopback/)
    expect(literalHostProblem(production, new URL('https://foo.localhost/'))).toMatch(/localhost/)
    expect(literalHostProblem(production, new URL('https://hooks.loopback.test/'))).toBeUndefined()
    expect(literalHostProblem(production, new URL('https://1.1.1.1/'))).toBeUndefined()
  })
})

describe('guardedLookup', () => {
  it('hands the socket the checked addresses, one or all, of the family asked for', async () => {
    const lookup = guardedLookup(policy(true))
    expect(await lookUp(lookup, 'hooks.public.test')).toEqual({
      error: null,
      result: '93.184.215.14',
      family: 4,
    })
    expect(await lookUp(lookup, 'hooks.public.test', { family: 6 })).toMatchObject({
      error: null,
      result: '2606:2800:21f:cb07:6820:80da:af6b:8b2c',
      family: 6,
    })
    expect((await lookUp(lookup, 'hooks.public.test', { all: true })).result).toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ])
  })

  it('refuses the connection when any address the name has is refused (DNS rebinding, mixed answers)', async () => {
    const lookup = guardedLookup(policy(true))
    for (const name of ['hooks.loopback.test', 'hooks.mixed.test', 'hooks.metadata.test']) {
      for (const all of [false, true]) {
        const { error } = await lookUp(lookup, name, { all })
        expect(error, name).toBeInstanceOf(DestinationRefused)
      }
    }
    const { error } = await lookUp(lookup, 'hooks.mixed.test')
    expect((error as DestinationRefused).address).toBe('10.0.0.7')
  })

  it('checks at every connection, so an answer that changes after the check at creation is caught', async () => {
    let answer = ['93.184.215.14']
    const changing: Resolver = async () => answer.map((address) => ({ address, family: 4 }))
    const rule = policy(true, [], changing)
    expect(await destinationProblem(rule, new URL('https://rebind.test/'))).toBeUndefined()
    answer = ['127.0.0.1']
    const { error } = await lookUp(guardedLookup(rule), 'rebind.test')
    expect(error).toBeInstanceOf(DestinationRefused)
  })

  it('refuses link-local outside production too, and passes on a resolver failure', async () => {
    const lookup = guardedLookup(policy(false))
    expect((await lookUp(lookup, 'hooks.loopback.test')).result).toBe('127.0.0.1')
    expect((await lookUp(lookup, 'hooks.metadata.test')).error).toBeInstanceOf(DestinationRefused)
    expect((await lookUp(lookup, 'unknown.test')).error?.code).toBe('ENOTFOUND')
    expect((await lookUp(lookup, 'hooks.loopback.test', { family: 6 })).error?.code).toBe('ENOTFOUND')
  })
})
