import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { labelOf, lexiconValence, NEUTRAL_BAND, polarityOf, sentimentOf } from './sentiment'

const label = (text: string) => sentimentOf(text).label

describe('sentimentOf', () => {
  it.each([
    ['Love it!', 'positive'],
    ['Terrible experience overall.', 'negative'],
    ['ok', 'neutral'],
    ['It works.', 'neutral'],
    ["It's fine.", 'neutral'],
    ['meh', 'negative'],
  ])('reads plain verdicts: %s', (text, expected) => {
    expect(label(text)).toBe(expected)
  })

  it('turns praise and complaints around under negation, within a few words of the clause', () => {
    expect(label('Not bad at all.')).toBe('positive')
    expect(label("Can't complain.")).toBe('positive')
    expect(label('No complaints so far.')).toBe('positive')
    expect(label('Never crashes, never had an outage.')).toBe('positive')
    expect(label('Not very intuitive.')).toBe('negative')
    expect(label('Never works on Safari.')).toBe('negative')
    expect(label('Not good.')).toBe('negative')
    // The negation ends with its clause: "slow" is not turned into praise.
    expect(label('Not a fan, slow')).toBe('negative')
  })

  it('reads a negation with nothing to turn around as a complaint, unless the clause says "yet"', () => {
    expect(label('I can never find the settings page')).toBe('negative')
    expect(label('Nobody ever got back to me')).toBe('negative')
    expect(label("Haven't used the reports yet")).toBe('neutral')
    expect(label('Not sure yet.')).toBe('neutral')
  })

  it('reads product complaints a general lexicon has no words for', () => {
    expect(label('The dashboard takes forever to load')).toBe('negative')
    expect(label('Exports time out')).toBe('negative')
    expect(label('The app logs me out every day.')).toBe('negative')
    expect(label('Too many clicks to change a date')).toBe('negative')
    expect(label('Way too expensive')).toBe('negative')
  })

  it('weighs intensifiers, softeners, capitals and exclamation marks', () => {
    expect(polarityOf('extremely slow')).toBeLessThan(polarityOf('slow'))
    expect(polarityOf('a bit slow')).toBeGreaterThan(polarityOf('slow'))
    expect(polarityOf('this is GREAT')).toBeGreaterThan(polarityOf('this is great'))
    expect(polarityOf('great!!!')).toBeGreaterThan(polarityOf('great'))
    expect(polarityOf('terrible!!')).toBeLessThan(polarityOf('terrible'))
    // An intensifier with nothing to strengthen keeps its own valence.
    expect(label('Super!')).toBe('positive')
  })

  it('reads emoji and emoticons, alone or with words', () => {
    expect(label('👍')).toBe('positive')
    expect(label('👍🏾')).toBe('positive')
    expect(label('👎')).toBe('negative')
    expect(label('Extremely slow search 😡')).toBe('negative')
    expect(label('Really like it 🙂')).toBe('positive')
    expect(label(':(')).toBe('negative')
    expect(label('🤷')).toBe('neutral')
    // Emoji the feedback table does not list come from the general lexicon.
    expect(polarityOf('😂')).not.toBe(0)
  })

  it('lets what follows "but" outweigh what came before', () => {
    expect(label('The UI is nice but it crashes all the time')).toBe('negative')
    expect(label('Setup was painful but now it is great')).toBe('positive')
  })

  it('reads wishes as wishes, not praise, except a recommendation', () => {
    expect(label('Would be nice to have a dark mode.')).toBe('neutral')
    expect(label('A weekly summary would be useful.')).toBe('neutral')
    expect(label('Would definitely recommend to other teams.')).toBe('positive')
  })

  it('takes "like" for praise only after someone who likes', () => {
    expect(label('The UI feels like it is from 2010')).toBe('neutral')
    expect(label('I like it')).toBe('positive')
  })

  it('uses another lexicon when given one', () => {
    expect(polarityOf('wonderful', () => 0)).toBe(0)
    expect(polarityOf('wonderful', (word) => (word === 'wonderful' ? 4 : 0))).toBeGreaterThan(0.5)
    expect(lexiconValence('wonderful')).toBeGreaterThan(0)
  })

  it('keeps the score in [-1, 1] and the label in step with the band', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const { label: given, score } = sentimentOf(text)
        expect(score).toBeGreaterThanOrEqual(-1)
        expect(score).toBeLessThanOrEqual(1)
        expect(given).toBe(labelOf(score))
      }),
    )
    expect(labelOf(NEUTRAL_BAND)).toBe('neutral')
    expect(labelOf(-NEUTRAL_BAND - 0.01)).toBe('negative')
    expect(labelOf(0.9, 0.95)).toBe('neutral')
  })
})

describe('sentimentOf with the score given with the comment', () => {
  const ORDER = { negative: 0, neutral: 1, positive: 2 } as const
  const texts = fc.constantFrom(
    'Love the interface, hate how slow the reports are.',
    'Great support, pricing is silly.',
    'It works.',
    'Way too expensive',
    'Absolutely love it',
    '',
  )

  it('blends the words with the score: a passive pulls towards neutral, a 0 or a 10 settles it', () => {
    const mixed = 'Love the interface, hate how slow the reports are.'
    const words = polarityOf(mixed)
    expect(sentimentOf(mixed).label).toBe('negative')
    expect(sentimentOf(mixed, { kind: 'nps', score: 8 })).toEqual({ label: 'neutral', score: words / 2 })
    expect(sentimentOf('It works.', { kind: 'nps', score: 10 }).label).toBe('positive')
    expect(sentimentOf('It works.', { kind: 'csat', score: 1 }).label).toBe('negative')
  })

  it('never reads a comment more negatively when its score is higher', () => {
    fc.assert(
      fc.property(texts, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }), (text, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a]
        const lower = sentimentOf(text, { kind: 'nps', score: low })
        const higher = sentimentOf(text, { kind: 'nps', score: high })
        expect(higher.score).toBeGreaterThanOrEqual(lower.score)
        expect(ORDER[higher.label]).toBeGreaterThanOrEqual(ORDER[lower.label])
      }),
    )
  })
})
