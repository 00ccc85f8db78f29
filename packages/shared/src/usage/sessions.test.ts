import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type ActivityEvent, DEFAULT_SESSION_TIMEOUT_MS, sessionize, sessionStats } from './sessions'

const MINUTE = 60_000
const event = (personId: string, minute: number): ActivityEvent => ({ personId, time: minute * MINUTE })

describe('sessionize', () => {
  it('splits a person’s events after 30 minutes without one', () => {
    const sessions = sessionize([
      event('ann', 0),
      event('ann', 10),
      event('ann', 25),
      event('ann', 56),
      event('ann', 57),
    ])
    expect(sessions).toEqual([
      { personId: 'ann', start: 0, end: 25 * MINUTE, eventCount: 3 },
      { personId: 'ann', start: 56 * MINUTE, end: 57 * MINUTE, eventCount: 2 },
    ])
  })

  it('keeps the session going when the gap equals the timeout exactly', () => {
    expect(sessionize([event('ann', 0), event('ann', 30)])).toHaveLength(1)
    expect(
      sessionize([
        { personId: 'ann', time: 0 },
        { personId: 'ann', time: DEFAULT_SESSION_TIMEOUT_MS + 1 },
      ]),
    ).toHaveLength(2)
  })

  it('tracks people independently and orders sessions by start', () => {
    const sessions = sessionize([
      event('ann', 0),
      event('bob', 5),
      event('ann', 20),
      event('bob', 30),
      event('cat', 40),
      event('ann', 100),
      event('bob', 100),
    ])
    expect(sessions).toEqual([
      { personId: 'ann', start: 0, end: 20 * MINUTE, eventCount: 2 },
      { personId: 'bob', start: 5 * MINUTE, end: 30 * MINUTE, eventCount: 2 },
      { personId: 'cat', start: 40 * MINUTE, end: 40 * MINUTE, eventCount: 1 },
      { personId: 'ann', start: 100 * MINUTE, end: 100 * MINUTE, eventCount: 1 },
      { personId: 'bob', start: 100 * MINUTE, end: 100 * MINUTE, eventCount: 1 },
    ])
  })

  it('takes a custom timeout, including 0 (only simultaneous events share a session)', () => {
    const events = [event('ann', 0), event('ann', 4), event('ann', 10)]
    expect(sessionize(events, { timeoutMs: 5 * MINUTE }).map((session) => session.eventCount)).toEqual([2, 1])
    expect(sessionize([event('ann', 1), event('ann', 1), event('ann', 2)], { timeoutMs: 0 })).toHaveLength(2)
  })

  it('accepts any iterable and returns nothing for no events', () => {
    function* stream(): Generator<ActivityEvent> {
      yield event('ann', 0)
      yield event('ann', 1)
    }
    expect(sessionize(stream())).toHaveLength(1)
    expect(sessionize([])).toEqual([])
  })

  it('throws RangeError for unsorted events, non-finite times, or a bad timeout', () => {
    expect(() => sessionize([event('ann', 5), event('bob', 4)])).toThrow(RangeError)
    expect(() => sessionize([{ personId: 'ann', time: Number.NaN }])).toThrow(RangeError)
    expect(() => sessionize([], { timeoutMs: -1 })).toThrow(RangeError)
    expect(() => sessionize([], { timeoutMs: Number.POSITIVE_INFINITY })).toThrow(RangeError)
  })

  it('satisfies its invariants on random streams', () => {
    const stream = fc
      .array(
        fc.record({
          personId: fc.constantFrom('a', 'b', 'c', 'd'),
          time: fc.integer({ min: 0, max: 6 * 60 }),
        }),
        {
          maxLength: 60,
        },
      )
      .map((events) => events.map((e) => event(e.personId, e.time)).sort((x, y) => x.time - y.time))
    fc.assert(
      fc.property(stream, fc.integer({ min: 0, max: 90 }), (events, timeoutMinutes) => {
        const timeoutMs = timeoutMinutes * MINUTE
        const sessions = sessionize(events, { timeoutMs })
        expect(sessions.length).toBeLessThanOrEqual(events.length)
        expect(sessions.reduce((sum, session) => sum + session.eventCount, 0)).toBe(events.length)
        sessions.forEach((session, index) => {
          expect(session.start).toBeLessThanOrEqual(session.end)
          if (index > 0) expect(sessions[index - 1]!.start).toBeLessThanOrEqual(session.start)
        })
        for (const personId of new Set(events.map((e) => e.personId))) {
          const own = sessions.filter((session) => session.personId === personId)
          own.slice(1).forEach((session, index) => {
            expect(session.start - own[index]!.end).toBeGreaterThan(timeoutMs)
          })
          // Within a session no gap between the person's consecutive events exceeds the timeout.
          const times = events.filter((e) => e.personId === personId).map((e) => e.time)
          for (const session of own) {
            const inside = times.filter((time) => time >= session.start && time <= session.end)
            expect(inside).toHaveLength(session.eventCount)
            inside.slice(1).forEach((time, index) => {
              expect(time - inside[index]!).toBeLessThanOrEqual(timeoutMs)
            })
          }
        }
      }),
    )
  })
})

describe('sessionStats', () => {
  it('gives count, mean and median duration', () => {
    const sessions = [
      { start: 0, end: 10 },
      { start: 5, end: 5 },
      { start: 100, end: 160 },
      { start: 200, end: 230 },
    ]
    expect(sessionStats(sessions)).toEqual({ count: 4, averageDurationMs: 25, medianDurationMs: 20 })
    expect(sessionStats(sessions.slice(0, 3))).toEqual({
      count: 3,
      averageDurationMs: 70 / 3,
      medianDurationMs: 10,
    })
  })

  it('reports null durations when there are no sessions', () => {
    expect(sessionStats([])).toEqual({ count: 0, averageDurationMs: null, medianDurationMs: null })
  })

  it('works on the output of sessionize', () => {
    const stats = sessionStats(sessionize([event('ann', 0), event('ann', 10), event('bob', 12)]))
    expect(stats).toEqual({ count: 2, averageDurationMs: 5 * MINUTE, medianDurationMs: 5 * MINUTE })
  })
})
