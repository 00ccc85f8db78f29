import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { instantFromWallClock, isValidTimeZone, utcOffsetAt, wallClockAt } from './time-zone'

const HOUR = 3_600_000
const MINUTE = 60_000
const at = (iso: string): number => Date.parse(iso)

describe('isValidTimeZone', () => {
  it('accepts IANA names, aliases and any letter case', () => {
    for (const zone of ['UTC', 'Europe/Berlin', 'Asia/Calcutta', 'Etc/GMT+5', 'america/new_york']) {
      expect(isValidTimeZone(zone)).toBe(true)
    }
  })

  it('rejects unknown names and the empty string', () => {
    for (const zone of ['', 'Mars/Olympus_Mons', 'Europe/Berlin ', 'GMT+25']) {
      expect(isValidTimeZone(zone)).toBe(false)
    }
  })
})

describe('utcOffsetAt', () => {
  it.each([
    ['UTC', '2026-07-01T00:00Z', 0],
    ['Europe/Berlin', '2026-01-15T12:00Z', HOUR],
    ['Europe/Berlin', '2026-07-15T12:00Z', 2 * HOUR],
    ['America/New_York', '2026-07-15T12:00Z', -4 * HOUR],
    ['Asia/Kolkata', '2026-07-15T12:00Z', 5.5 * HOUR],
    ['Asia/Kathmandu', '2026-07-15T12:00Z', 5 * HOUR + 45 * MINUTE],
    ['Pacific/Chatham', '2026-01-15T12:00Z', 13 * HOUR + 45 * MINUTE],
    ['Pacific/Chatham', '2026-07-15T12:00Z', 12 * HOUR + 45 * MINUTE],
    ['Australia/Lord_Howe', '2026-01-15T12:00Z', 11 * HOUR],
    ['Australia/Lord_Howe', '2026-07-15T12:00Z', 10.5 * HOUR],
    // Local mean time before 1893 is not a whole number of minutes.
    ['Europe/Berlin', '1874-12-07T00:00Z', 53 * MINUTE + 28_000],
  ])('%s at %s is %d ms', (zone, iso, expected) => {
    expect(utcOffsetAt(at(iso), zone)).toBe(expected)
  })

  it('changes exactly at the transition instant', () => {
    const springForward = at('2026-03-08T07:00Z')
    expect(utcOffsetAt(springForward - 1, 'America/New_York')).toBe(-5 * HOUR)
    expect(utcOffsetAt(springForward, 'America/New_York')).toBe(-4 * HOUR)
  })

  it('throws RangeError for an unknown zone or an invalid instant', () => {
    expect(() => utcOffsetAt(0, 'Mars/Olympus_Mons')).toThrow(RangeError)
    expect(() => utcOffsetAt(Number.NaN, 'UTC')).toThrow(RangeError)
  })
})

describe('wallClockAt', () => {
  it('reads the local clock as a UTC-encoded time', () => {
    expect(wallClockAt(at('2026-03-29T12:00Z'), 'Asia/Kathmandu')).toBe(at('2026-03-29T17:45Z'))
    expect(wallClockAt(at('2026-03-29T01:30Z'), 'Europe/Berlin')).toBe(at('2026-03-29T03:30Z'))
  })
})

describe('instantFromWallClock', () => {
  it('converts ordinary local times', () => {
    expect(instantFromWallClock(at('2026-03-29T00:00Z'), 'Europe/Berlin')).toBe(at('2026-03-28T23:00Z'))
    expect(instantFromWallClock(at('2026-01-01T00:00Z'), 'Pacific/Chatham')).toBe(at('2025-12-31T10:15Z'))
    expect(instantFromWallClock(at('2026-01-01T00:00Z'), 'Asia/Kolkata')).toBe(at('2025-12-31T18:30Z'))
  })

  it('resolves local times skipped by spring-forward to the end of the gap', () => {
    // New York skips 02:00-03:00 on 2026-03-08; 03:00 EDT is 07:00 UTC.
    expect(instantFromWallClock(at('2026-03-08T02:00Z'), 'America/New_York')).toBe(at('2026-03-08T07:00Z'))
    expect(instantFromWallClock(at('2026-03-08T02:59:59.999Z'), 'America/New_York')).toBe(
      at('2026-03-08T07:00Z'),
    )
    expect(instantFromWallClock(at('2026-03-08T03:00Z'), 'America/New_York')).toBe(at('2026-03-08T07:00Z'))
    // Lord Howe skips only 02:00-02:30 on 2026-10-04.
    expect(instantFromWallClock(at('2026-10-04T02:15Z'), 'Australia/Lord_Howe')).toBe(at('2026-10-03T15:30Z'))
    // Santiago skips midnight: 2026-09-06 begins at 01:00 -03.
    expect(instantFromWallClock(at('2026-09-06T00:00Z'), 'America/Santiago')).toBe(at('2026-09-06T04:00Z'))
  })

  it('resolves local times repeated by fall-back to their first occurrence', () => {
    // New York repeats 01:00-02:00 on 2026-11-01: first in EDT (-4), then in EST (-5).
    expect(instantFromWallClock(at('2026-11-01T01:30Z'), 'America/New_York')).toBe(at('2026-11-01T05:30Z'))
    // Lord Howe repeats 01:30-02:00 on 2026-04-05: first at +11, then at +10:30.
    expect(instantFromWallClock(at('2026-04-05T01:45Z'), 'Australia/Lord_Howe')).toBe(at('2026-04-04T14:45Z'))
    // Santiago repeats 23:00-24:00 on 2026-04-04.
    expect(instantFromWallClock(at('2026-04-04T23:30Z'), 'America/Santiago')).toBe(at('2026-04-05T02:30Z'))
  })

  it('handles a whole skipped date (Pacific/Apia jumped from 2011-12-29 to 2011-12-31)', () => {
    expect(instantFromWallClock(at('2011-12-30T12:00Z'), 'Pacific/Apia')).toBe(at('2011-12-30T10:00Z'))
    expect(instantFromWallClock(at('2011-12-31T00:00Z'), 'Pacific/Apia')).toBe(at('2011-12-30T10:00Z'))
  })

  it('inverts wallClockAt, choosing the earliest instant with the same reading', () => {
    const transitions: [string, string][] = [
      ['Europe/Berlin', '2026-03-29T01:00Z'],
      ['Europe/Berlin', '2026-10-25T01:00Z'],
      ['America/New_York', '2026-03-08T07:00Z'],
      ['America/New_York', '2026-11-01T06:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T15:00Z'],
      ['Australia/Lord_Howe', '2026-10-03T15:30Z'],
      ['Pacific/Chatham', '2026-04-04T14:00Z'],
      ['America/Santiago', '2026-09-06T04:00Z'],
      ['America/Santiago', '2026-04-05T03:00Z'],
    ]
    const zones = [...new Set(transitions.map(([zone]) => zone))]
    const anyInstant = fc.record({
      zone: fc.constantFrom(...zones),
      instant: fc.integer({ min: at('1990-01-01T00:00Z'), max: at('2040-01-01T00:00Z') }),
    })
    const nearTransition = fc
      .tuple(fc.constantFrom(...transitions), fc.integer({ min: -2 * HOUR, max: 2 * HOUR }))
      .map(([[zone, iso], delta]) => ({ zone, instant: at(iso) + delta }))
    fc.assert(
      fc.property(fc.oneof(anyInstant, nearTransition), ({ zone, instant }) => {
        const wallClock = wallClockAt(instant, zone)
        const resolved = instantFromWallClock(wallClock, zone)
        expect(resolved).toBeLessThanOrEqual(instant)
        expect(wallClockAt(resolved, zone)).toBe(wallClock)
        // Only a repeated reading resolves earlier, and then by one offset change at most.
        expect(instant - resolved).toBeLessThanOrEqual(HOUR)
      }),
      { numRuns: 500 },
    )
  })
})
