import { describe, expect, it } from 'vitest'
import { featureMatcher, pagePathOf, ZFeature, ZFeatureCatalogue } from './features'

const matcher = featureMatcher([
  { key: 'reports', events: ['report.opened', 'report.shared'], pages: [{ prefix: '/reports' }] },
  { key: 'settings', events: [], pages: [{ pattern: '/projects/*/settings' }] },
  { key: 'docs', events: ['report.shared'], pages: [{ pattern: '/help/**' }] },
])

describe('featureMatcher', () => {
  it('matches track events by name, one event meaning several features', () => {
    expect(matcher.featuresOf({ type: 'track', name: 'report.opened', path: null })).toEqual(['reports'])
    expect(matcher.featuresOf({ type: 'track', name: 'report.shared', path: null })).toEqual([
      'reports',
      'docs',
    ])
    expect(matcher.featuresOf({ type: 'track', name: 'other', path: null })).toEqual([])
  })

  it('matches pages by prefix, by one-segment * and by any-depth **', () => {
    const page = (path: string) => matcher.featuresOf({ type: 'page', name: '', path })
    expect(page('/reports/2026')).toEqual(['reports'])
    expect(page('/projects/p1/settings')).toEqual(['settings'])
    expect(page('/projects/p1/x/settings')).toEqual([])
    expect(page('/projects/p1/settings/more')).toEqual([])
    expect(page('/help/a/b/c')).toEqual(['docs'])
    expect(page('/helpless')).toEqual([])
  })

  it('does not match a track event by page rules nor a page by event names', () => {
    expect(matcher.featuresOf({ type: 'track', name: 'x', path: '/reports' })).toEqual([])
    expect(matcher.featuresOf({ type: 'page', name: 'report.opened', path: '/' })).toEqual([])
  })

  it('treats pattern characters other than * literally', () => {
    const dots = featureMatcher([{ key: 'a', events: [], pages: [{ pattern: '/a.b/(c)' }] }])
    expect(dots.featuresOf({ type: 'page', name: '', path: '/a.b/(c)' })).toEqual(['a'])
    expect(dots.featuresOf({ type: 'page', name: '', path: '/axb/(c)' })).toEqual([])
  })
})

describe('pagePathOf', () => {
  it('prefers the sent path, else takes the URL path without query or fragment', () => {
    expect(pagePathOf('/a', 'https://x.test/b')).toBe('/a')
    expect(pagePathOf(null, 'https://x.test/b/c?d=1#e')).toBe('/b/c')
    expect(pagePathOf(null, 'https://x.test')).toBe('/')
    expect(pagePathOf(null, null)).toBeNull()
  })
})

describe('feature schemas', () => {
  it('needs at least one rule, and unique keys in a catalogue', () => {
    expect(ZFeature.safeParse({ key: 'a', label: 'A' }).success).toBe(false)
    const twice = ZFeatureCatalogue.safeParse([
      { key: 'a', label: 'A', events: ['x'] },
      { key: 'a', label: 'B', events: ['y'] },
    ])
    expect(twice.success).toBe(false)
    expect(twice.error?.issues[0]?.path).toEqual([1, 'key'])
  })
})
