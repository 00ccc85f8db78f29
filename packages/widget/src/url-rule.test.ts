import { describe, expect, it } from 'vitest'
import { matchesUrl } from './url-rule'

const URL = 'https://app.example.com/projects/42/settings?tab=billing#top'

describe('matchesUrl', () => {
  it('compares the full URL, query and fragment included, case-sensitively', () => {
    expect(matchesUrl(URL, { op: 'equals', value: URL })).toBe(true)
    expect(matchesUrl(URL, { op: 'equals', value: 'https://app.example.com/projects/42/settings' })).toBe(
      false,
    )
    expect(matchesUrl(URL, { op: 'startsWith', value: 'https://app.example.com/projects/' })).toBe(true)
    expect(matchesUrl(URL, { op: 'startsWith', value: '/projects/' })).toBe(false)
    expect(matchesUrl(URL, { op: 'contains', value: 'tab=billing' })).toBe(true)
    expect(matchesUrl(URL, { op: 'contains', value: '/Projects/' })).toBe(false)
  })

  it.each([
    ['https://app.example.com/projects/*', true],
    ['https://app.example.com/projects/*/settings*', true],
    ['*/settings?tab=billing#top', true],
    ['*example.com*', true],
    ['*', true],
    ['https://*.example.com/*', true],
    ['https://app.example.com/projects/*/members*', false],
    ['https://app.example.com/*/projects/*', false],
    ['http://*', false],
    ['*settings', false],
    // Parts are found in order and may not overlap: 'top' must come after 'billing'.
    ['*billing*top', true],
    ['*top*billing*', false],
    // Without '*' a glob is an exact comparison.
    [URL, true],
    ['https://app.example.com/', false],
  ])('glob %s is %s', (value, expected) => {
    expect(matchesUrl(URL, { op: 'glob', value })).toBe(expected)
  })

  it('does not let the first and last parts of a glob overlap', () => {
    expect(matchesUrl('abc', { op: 'glob', value: 'ab*bc' })).toBe(false)
    expect(matchesUrl('abbc', { op: 'glob', value: 'ab*bc' })).toBe(true)
  })

  it('stays fast on patterns that make backtracking regular expressions explode', () => {
    const url = `https://x.example.com/${'a'.repeat(2000)}`
    const started = performance.now()
    expect(matchesUrl(url, { op: 'glob', value: `*${'a*'.repeat(30)}b` })).toBe(false)
    expect(performance.now() - started).toBeLessThan(50)
  })
})
