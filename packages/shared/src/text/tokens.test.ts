import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stem, tokenize, wordsOf } from './tokens'

describe('tokenize', () => {
  it('lower-cases words and spells out contractions so negations are words', () => {
    expect(wordsOf("Can't complain, it doesn't crash and I won't leave")).toEqual([
      'can',
      'not',
      'complain',
      'it',
      'does',
      'not',
      'crash',
      'and',
      'i',
      'will',
      'not',
      'leave',
    ])
    expect(wordsOf('We’re happy, you’ve done it, I’d say we’ll stay. I’m sure it’s fine')).toEqual([
      'we',
      'are',
      'happy',
      'you',
      'have',
      'done',
      'it',
      'i',
      'would',
      'say',
      'we',
      'will',
      'stay',
      'i',
      'am',
      'sure',
      'it',
      'fine',
    ])
    expect(wordsOf('Cannot log in; ain’t working')).toEqual([
      'can',
      'not',
      'log',
      'in',
      'is',
      'not',
      'working',
    ])
  })

  it('keeps emoji (with skin tones and joined parts) and emoticons as tokens of their own', () => {
    const tokens = tokenize('Great 👍🏽 :) but 🤦‍♂️ :-( <3')
    expect(tokens.filter((t) => t.kind === 'emoji').map((t) => t.text)).toEqual([
      '👍🏽',
      ':)',
      '🤦‍♂',
      ':-(',
      '<3',
    ])
  })

  it('marks clause ends and splits words at hyphens and slashes', () => {
    expect(tokenize('Slow. Add-in, N/A!').map((t) => `${t.kind}:${t.text}`)).toEqual([
      'word:slow',
      'break:.',
      'word:add',
      'word:in',
      'break:,',
      'word:n',
      'word:a',
      'break:!',
    ])
  })

  it('takes capitals for shouting only among words that are not in capitals', () => {
    const shouted = (text: string) =>
      tokenize(text).flatMap((t) => (t.kind === 'word' && t.shouted ? [t.text] : []))
    expect(shouted('This is NOT ok and the UI is slow')).toEqual(['not'])
    expect(shouted('ALL OF IT IS BROKEN')).toEqual([])
  })

  it('reads any text without throwing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        for (const token of tokenize(text)) expect(token.text.length).toBeGreaterThan(0)
      }),
    )
  })
})

describe('stem', () => {
  it('brings the forms of a word to one string', () => {
    for (const [forms, root] of [
      [['crash', 'crashes', 'crashed', 'crashing'], 'crash'],
      [['price', 'prices', 'priced', 'pricing'], 'pric'],
      [['stop', 'stops', 'stopped', 'stopping'], 'stop'],
      [['bug', 'bugs'], 'bug'],
      [['reply', 'replies'], 'reply'],
      [['slow', 'slowly'], 'slow'],
    ] as const) {
      for (const form of forms) expect(stem(form)).toBe(root)
    }
  })

  it('leaves short words and endings that are not inflections alone', () => {
    for (const word of ['api', 'sso', 'us', 'status', 'analysis', 'class', 'speed', 'using']) {
      expect(stem(word)).toBe(word)
    }
  })
})
