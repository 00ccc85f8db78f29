import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { detectLanguage } from './language'
import { lexiconValence, polarityOf, sentimentOf } from './sentiment'
import { tagComment } from './tag-comment'
import { matchThemes, type Theme, taxonomyWith, ZThemeDefinition } from './themes'
import { stem, tokenize, wordsOf } from './tokens'

// Every name an object inherits: a lexicon kept on a plain object answers these with Object.prototype's
// members instead of nothing ("The report constructor is confusing" was a 500).
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype)

/** A prototype name as a customer might type it: in any case, maybe with an "s" or an apostrophe. */
const prototypeWord = fc
  .tuple(
    fc.constantFrom(...PROTOTYPE_NAMES),
    fc.constantFrom('as is', 'lower', 'upper', 'title'),
    fc.constantFrom('', 's', "'s", "n't"),
  )
  .map(([name, casing, suffix]) => {
    const cased =
      casing === 'lower'
        ? name.toLowerCase()
        : casing === 'upper'
          ? name.toUpperCase()
          : casing === 'title'
            ? `${name.charAt(0).toUpperCase()}${name.slice(1)}`
            : name
    return `${cased}${suffix}`
  })

const ordinaryWord = fc.constantFrom('the', 'report', 'is', 'not', 'very', 'slow', 'great', 'too', 'but', '!')

/** A comment mixing prototype names with ordinary feedback words. */
const comment = fc
  .array(fc.oneof(prototypeWord, ordinaryWord), { minLength: 1, maxLength: 12 })
  .map((words) => words.join(' '))

const customTheme = (keyword: string): Theme => ({
  key: 'custom-words',
  label: 'Custom words',
  keywords: [keyword],
  phrases: [],
  excludes: [],
  custom: true,
})

describe('words that are Object.prototype names', () => {
  it('covers every name Object.prototype has', () => {
    expect(PROTOTYPE_NAMES).toEqual(
      expect.arrayContaining(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']),
    )
  })

  it('tokenize and stem treat them as ordinary words', () => {
    fc.assert(
      fc.property(comment, (text) => {
        for (const token of tokenize(text)) expect(typeof token.text).toBe('string')
        for (const word of wordsOf(text)) expect(typeof stem(word)).toBe('string')
      }),
    )
    expect(wordsOf('The report constructor is confusing')).toEqual([
      'the',
      'report',
      'constructor',
      'is',
      'confusing',
    ])
  })

  it('carry no valence of their own, so sentiment is a finite score in range', () => {
    for (const name of PROTOTYPE_NAMES) {
      expect(lexiconValence(name.toLowerCase())).toBe(0)
      expect(polarityOf(name)).toBe(0)
    }
    fc.assert(
      fc.property(comment, (text) => {
        const { label, score } = sentimentOf(text)
        expect(Number.isFinite(score)).toBe(true)
        expect(Math.abs(score)).toBeLessThanOrEqual(1)
        expect(['negative', 'neutral', 'positive']).toContain(label)
      }),
    )
    expect(sentimentOf('The report constructor is confusing').label).toBe('negative')
  })

  it('match as theme keywords only where the comment says them', () => {
    fc.assert(
      fc.property(prototypeWord, comment, (keyword, text) => {
        fc.pre(wordsOf(keyword).length === 1)
        const definition = ZThemeDefinition.parse({ label: 'Custom words', keywords: [keyword] })
        const taxonomy = taxonomyWith([customTheme(definition.keywords[0] as string)])
        const keys = matchThemes(text, taxonomy)
        const said = wordsOf(text)
          .map(stem)
          .includes(stem(wordsOf(keyword)[0] as string))
        expect(keys.includes('custom-words')).toBe(said)
      }),
    )
    const taxonomy = taxonomyWith([customTheme('constructor')])
    expect(matchThemes('The report constructor is confusing', taxonomy)).toEqual([
      'usability',
      'custom-words',
    ])
  })

  it('leave language detection and tagging whole', () => {
    fc.assert(
      fc.property(comment, (text) => {
        const detected = detectLanguage(text)
        expect(typeof detected.code).toBe('string')
        const tags = tagComment(text, taxonomyWith([]))
        expect(Array.isArray(tags.themes)).toBe(true)
        if (tags.sentiment) expect(Number.isFinite(tags.sentiment.score)).toBe(true)
      }),
    )
  })
})
