import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { originAllowed } from './origin'

const allows = (allowedOrigins: string[], origin: string) => originAllowed({ allowedOrigins }, origin)

describe('originAllowed', () => {
  it('allows any origin when the list is empty', () => {
    expect(allows([], 'https://anything.test')).toBe(true)
  })

  it('allows an exact origin only with the same scheme, host and port', () => {
    const list = ['https://app.example.com', 'http://localhost:5173']
    expect(allows(list, 'https://app.example.com')).toBe(true)
    expect(allows(list, 'http://localhost:5173')).toBe(true)
    for (const origin of [
      'http://app.example.com',
      'https://app.example.com:8443',
      'https://app.example.com.evil.io',
      'https://evil.io/app.example.com',
      'https://app.example.co',
      'http://localhost:5174',
      'http://localhost',
      'null',
      'https://*.app.example.com',
      '',
    ]) {
      expect(allows(list, origin), origin).toBe(false)
    }
  })

  it('allows every subdomain of a wildcard, on its scheme and port, and nothing else', () => {
    const list = ['https://*.example.org']
    for (const origin of ['https://app.example.org', 'https://a.b.example.org', 'https://x-1.example.org']) {
      expect(allows(list, origin), origin).toBe(true)
    }
    for (const origin of [
      // The pattern's domain at the end of a path, query, fragment or user name, not of the host.
      'https://evil.io/.example.org',
      'https://evil.io?.example.org',
      'https://evil.io#.example.org',
      'https://evil.io\\.example.org',
      'https://.example.org@evil.io',
      'https://evil.io/x.example.org',
      // Lookalike hosts, other schemes and ports, the bare domain.
      'https://evilexample.org',
      'https://app.example.org.evil.io',
      'https://example.org',
      'https://.example.org',
      'http://app.example.org',
      'https://app.example.org:8443',
      'wss://app.example.org',
      'https://app.example.org/',
      'HTTPS://APP.EXAMPLE.ORG',
      // The pattern itself is no origin.
      'https://*.example.org',
      'https://a.*.example.org',
    ]) {
      expect(allows(list, origin), origin).toBe(false)
    }
  })

  it('keeps a wildcard pattern to its port', () => {
    const list = ['https://*.example.org:8443']
    expect(allows(list, 'https://app.example.org:8443')).toBe(true)
    expect(allows(list, 'https://app.example.org')).toBe(false)
  })

  it('matches nothing with a pattern that is not an origin', () => {
    expect(
      allows(['https://example.org/path', 'ftp://*.example.org', 'https://*.'], 'https://a.example.org'),
    ).toBe(false)
  })

  // Origin headers assembled from the pieces that fooled the old suffix comparison: a scheme first, the
  // pattern's domain last, anything between.
  const hostile = fc
    .tuple(
      fc.constantFrom('https://', 'http://', ''),
      fc.array(
        fc.constantFrom(
          'evil.io',
          'app',
          'example.org',
          '.',
          '/',
          '\\',
          '@',
          '?',
          '#',
          ':8443',
          '%2e',
          '*',
          '-',
        ),
        { maxLength: 6 },
      ),
      fc.constantFrom('.example.org', 'example.org', '.example.org:8443', ''),
    )
    .map(([scheme, middle, end]) => `${scheme}${middle.join('')}${end}`)
  const anyOrigin = fc.oneof({ arbitrary: hostile, weight: 8 }, fc.webUrl(), fc.string())

  it('allows, under a wildcard, only https origins whose host is a subdomain of the pattern (property)', () => {
    fc.assert(
      fc.property(anyOrigin, (origin) => {
        if (!allows(['https://*.example.org'], origin)) return
        const url = new URL(origin)
        expect(url.origin).toBe(origin)
        expect(url.protocol).toBe('https:')
        expect(url.port).toBe('')
        expect(url.hostname.endsWith('.example.org')).toBe(true)
        expect(url.hostname).not.toBe('.example.org')
      }),
      { numRuns: 1_000 },
    )
  })

  it('allows, for an exact pattern, only that very origin (property)', () => {
    fc.assert(
      fc.property(anyOrigin, (origin) => {
        if (allows(['https://example.org'], origin)) expect(origin).toBe('https://example.org')
      }),
      { numRuns: 1_000 },
    )
  })

  it('allows every subdomain made of valid labels (property)', () => {
    const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?$/)
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 4 }), (labels) => {
        expect(allows(['https://*.example.org'], `https://${labels.join('.')}.example.org`)).toBe(true)
      }),
    )
  })
})
