import { describe, expect, it } from 'vitest'
import { matchesIfNoneMatch } from './if-none-match'

describe('matchesIfNoneMatch', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['"abc"', true],
    ['W/"abc"', true],
    ['"other", W/"abc"', true],
    ['"other"', false],
    ['"ab"', false],
    ['*', true],
  ] as const)('%j against W/"abc": %s', (header, matches) => {
    expect(matchesIfNoneMatch(header, 'W/"abc"')).toBe(matches)
  })

  it('compares a strong tag weakly too', () => {
    expect(matchesIfNoneMatch('W/"abc"', '"abc"')).toBe(true)
  })
})
