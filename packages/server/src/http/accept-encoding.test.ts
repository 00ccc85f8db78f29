import { describe, expect, it } from 'vitest'
import { preferredCoding } from './accept-encoding'

describe('preferredCoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['deflate', 'identity'],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['BR ; Q=1, gzip', 'br'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['*', 'br'],
    ['*;q=0.5, br;q=0, gzip;q=0.1', 'gzip'],
    ['identity', 'identity'],
    ['gzip;q=nonsense', 'identity'],
  ] as const)('%j answers in %s', (header, coding) => {
    expect(preferredCoding(header)).toBe(coding)
  })
})
