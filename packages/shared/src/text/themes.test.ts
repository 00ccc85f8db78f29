import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_THEMES } from './default-themes'
import {
  isDefaultThemeKey,
  matchThemes,
  type Theme,
  taxonomyWith,
  ZThemeDefinition,
  ZThemeKey,
} from './themes'

const defaults = taxonomyWith([])
const themesOf = (text: string) => matchThemes(text, defaults)

describe('DEFAULT_THEMES', () => {
  it('has the ten themes every project starts with', () => {
    expect(DEFAULT_THEMES.map((theme) => theme.key)).toEqual([
      'pricing',
      'performance',
      'reliability',
      'usability',
      'missing-feature',
      'support',
      'onboarding',
      'integrations',
      'documentation',
      'security-privacy',
    ])
    for (const theme of DEFAULT_THEMES) {
      expect(theme.custom).toBe(false)
      expect(ZThemeKey.safeParse(theme.key).success).toBe(true)
      expect(isDefaultThemeKey(theme.key)).toBe(true)
    }
  })
})

describe('matchThemes', () => {
  it('finds keywords in any of their forms, on word boundaries', () => {
    expect(themesOf('It crashed twice and the pricing is absurd')).toEqual(['pricing', 'reliability'])
    expect(themesOf('Crashes, crashing, crash')).toEqual(['reliability'])
    // "slowly" is slow; "uploading" does not contain the word "load".
    expect(themesOf('Charts render slowly')).toEqual(['performance'])
    expect(themesOf('Uploading files')).toEqual([])
  })

  it('finds phrases in order, and several themes in one comment', () => {
    expect(themesOf('Super easy to use, and setting up Slack took a minute')).toEqual([
      'usability',
      'onboarding',
      'integrations',
    ])
    expect(themesOf('use easy')).toEqual([])
  })

  it('lets excludes keep a keyword from counting where it means something else', () => {
    expect(themesOf('Do you support SAML?')).toEqual(['security-privacy'])
    expect(themesOf('Support answered within an hour')).toEqual(['support'])
    expect(themesOf('The API docs are outdated')).toEqual(['documentation'])
    expect(themesOf('The API returns errors')).toEqual(['reliability', 'integrations'])
    // An excluded stretch blocks only itself: support is named again elsewhere.
    expect(themesOf('Please support SSO. Support said maybe.')).toContain('support')
  })

  it('adds a project’s own themes after the defaults', () => {
    const custom: Theme = {
      key: 'mobile-app',
      label: 'Mobile app',
      keywords: ['iOS', 'android'],
      phrases: ['mobile app'],
      excludes: ['android studio'],
      custom: true,
    }
    const taxonomy = taxonomyWith([custom])
    expect(matchThemes('The mobile apps crash on iOS', taxonomy)).toEqual(['reliability', 'mobile-app'])
    expect(matchThemes('We build with Android Studio', taxonomy)).toEqual([])
    expect(matchThemes('Android is fine', taxonomy)).toEqual(['mobile-app'])
  })

  it('never lets a custom theme replace a default one', () => {
    const impostor: Theme = {
      key: 'pricing',
      label: 'P',
      keywords: ['x'],
      phrases: [],
      excludes: [],
      custom: true,
    }
    expect(taxonomyWith([impostor])).toEqual(DEFAULT_THEMES)
  })

  it('returns keys of the taxonomy only, each once', () => {
    const keys = new Set(defaults.map((theme) => theme.key))
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const found = themesOf(text)
        expect(new Set(found).size).toBe(found.length)
        for (const key of found) expect(keys.has(key)).toBe(true)
      }),
    )
  })
})

describe('ZThemeDefinition', () => {
  it('accepts a theme with keywords or phrases, trimmed', () => {
    expect(ZThemeDefinition.parse({ label: ' Mobile ', phrases: ['mobile app'] })).toEqual({
      label: 'Mobile',
      keywords: [],
      phrases: ['mobile app'],
      excludes: [],
    })
  })

  it.each([
    [{ label: 'Mobile' }, 'keywords'],
    [{ label: '', keywords: ['ios'] }, 'label'],
    [{ label: 'Mobile', keywords: ['mobile app'] }, 'keywords.0'],
    [{ label: 'Mobile', keywords: ['ios'], phrases: ['!!'] }, 'phrases.0'],
    [{ label: 'Mobile', keywords: ['ios'], colour: 'red' }, ''],
  ])('refuses %j, naming %s', (input, path) => {
    const result = ZThemeDefinition.safeParse(input)
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path)
  })

  it('keeps keys to lower-case slugs', () => {
    expect(ZThemeKey.safeParse('mobile-app').success).toBe(true)
    for (const key of ['Mobile', '1st', 'a b', 'x'.repeat(41), ''])
      expect(ZThemeKey.safeParse(key).success).toBe(false)
  })
})
