import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TAGGER_VERSION, tagComment } from './tag-comment'
import { taxonomyWith } from './themes'

const taxonomy = taxonomyWith([])

describe('tagComment', () => {
  it('tags an English comment with its language, sentiment and themes', () => {
    const tags = tagComment('Way too expensive and support never answers', taxonomy)
    expect(tags).toMatchObject({
      language: 'en',
      supported: true,
      sentiment: { label: 'negative' },
      themes: ['pricing', 'support'],
      taggerVersion: TAGGER_VERSION,
    })
    expect(tags.sentiment?.score).toBeLessThan(0)
  })

  it('scores short texts of no telling language', () => {
    expect(tagComment('👍', taxonomy)).toMatchObject({
      language: 'und',
      supported: true,
      sentiment: { label: 'positive' },
    })
  })

  it('tags an English comment with accented letters, which once read as German and lost its tags', () => {
    expect(tagComment('Über slow today, the ünïcødé names crash the export', taxonomy)).toMatchObject({
      language: 'en',
      supported: true,
      sentiment: { label: 'negative' },
      themes: ['performance', 'reliability'],
    })
  })

  it('lets the score given with a comment weigh in on its sentiment, not on its themes', () => {
    const text = 'Love the interface, hate how slow the reports are.'
    const passive = tagComment(text, taxonomy, { kind: 'nps', score: 7 })
    const detractor = tagComment(text, taxonomy, { kind: 'nps', score: 2 })
    expect(passive.sentiment?.label).toBe('neutral')
    expect(detractor.sentiment?.label).toBe('negative')
    expect(passive.themes).toEqual(tagComment(text, taxonomy).themes)
    expect(tagComment('Absolutely love it', taxonomy, { kind: 'csat', score: 5 }).sentiment?.label).toBe(
      'positive',
    )
  })

  it('marks other languages unsupported instead of scoring them as neutral English', () => {
    expect(tagComment('Der Support ist leider sehr langsam und teuer.', taxonomy)).toEqual({
      language: 'de',
      supported: false,
      sentiment: null,
      themes: [],
      taggerVersion: TAGGER_VERSION,
    })
  })

  it('gives supported comments a sentiment and others none', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const tags = tagComment(text, taxonomy)
        expect(tags.sentiment === null).toBe(!tags.supported)
        if (!tags.supported) expect(tags.themes).toEqual([])
      }),
    )
  })
})
