import { describe, expect, it } from 'vitest'
import { DEFAULT_HEALTH_MODEL } from './model'
import { answerOn100, sentimentReading } from './sentiment'

const sentiment = DEFAULT_HEALTH_MODEL.components.sentiment // window 180 d, half-life 60 d, 40 → 0, 85 → 100

describe('sentiment', () => {
  it('puts every kind of answer on 0-100', () => {
    expect(answerOn100({ kind: 'nps', score: 7 })).toBe(70)
    expect(answerOn100({ kind: 'csat', score: 4 })).toBe(75)
    expect(answerOn100({ kind: 'ces', score: 1 })).toBe(0)
    expect(answerOn100({ kind: 'ces', score: 7 })).toBe(100)
  })

  it('weights newer answers more: a weight halves every half-life', () => {
    // NPS 10 today (weight 1) and NPS 4 60 days ago (weight 0.5): (100 + 0.5 × 40) / 1.5 = 80
    // points: (80 − 40) / (85 − 40) = 0.889 → 89
    const reading = sentimentReading(
      [
        { kind: 'nps', score: 10, ageDays: 0 },
        { kind: 'nps', score: 4, ageDays: 60 },
      ],
      sentiment,
    )
    expect(reading).toEqual({
      raw: 80,
      unit: '/100',
      points: 89,
      sentence: '2 answers in the last 180 days average 80 out of 100, newer answers counting more.',
    })
  })

  it('leaves out answers older than the window, and has no reading without answers', () => {
    expect(sentimentReading([{ kind: 'nps', score: 0, ageDays: 180 }], sentiment)).toBeNull()
    expect(sentimentReading([], sentiment)).toBeNull()
  })
})
