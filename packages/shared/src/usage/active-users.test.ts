import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Period, periodsInRange, shiftPeriod } from '../periods/period'
import { activeUsersByDay, MAU_WINDOW_DAYS, stickiness, WAU_WINDOW_DAYS } from './active-users'
import type { ActivityEvent } from './sessions'

const DAY = 86_400_000
const JAN_1 = Date.parse('2026-01-01T00:00Z')
const utcDays = (count: number): Period[] =>
  periodsInRange(new Date(JAN_1), new Date(JAN_1 + count * DAY), 'day', 'UTC')
const on = (personId: string, day: number, hour = 12): ActivityEvent => ({
  personId,
  time: JAN_1 + day * DAY + hour * 3_600_000,
})

describe('activeUsersByDay', () => {
  it('counts distinct persons per day and over the trailing 7 and 30 days', () => {
    const days = utcDays(35)
    const events = [
      on('ann', -1),
      on('ann', 0),
      on('ann', 10),
      on('bob', 29, 8),
      on('bob', 29, 9),
      on('cat', 30),
      on('cat', 34),
      on('dan', 35),
    ]
    const rows = activeUsersByDay(events, days)
    expect(rows).toHaveLength(35)
    expect(rows.map((row) => row.day)).toEqual(days)
    const pick = (index: number) => {
      const { dau, wau, mau } = rows[index]!
      return [dau, wau, mau]
    }
    expect(pick(0)).toEqual([1, null, null])
    expect(pick(5)).toEqual([0, null, null])
    expect(pick(6)).toEqual([0, 1, null])
    expect(pick(7)).toEqual([0, 0, null])
    expect(pick(10)).toEqual([1, 1, null])
    expect(pick(16)).toEqual([0, 1, null])
    expect(pick(17)).toEqual([0, 0, null])
    expect(pick(29)).toEqual([1, 1, 2])
    expect(pick(30)).toEqual([1, 2, 3])
    expect(pick(34)).toEqual([1, 2, 3])
  })

  it('assigns events by local day, so a 23-hour day holds only its own hours', () => {
    const berlin = periodsInRange(
      new Date('2026-03-28T12:00Z'),
      new Date('2026-03-31T00:00Z'),
      'day',
      'Europe/Berlin',
    )
    const events = [
      { personId: 'ann', time: Date.parse('2026-03-29T21:30Z') },
      // 00:30 CEST on the 30th, though fewer than 24 hours after the 29th began.
      { personId: 'bob', time: Date.parse('2026-03-29T22:30Z') },
    ]
    expect(activeUsersByDay(events, berlin).map((row) => [row.day.label, row.dau])).toEqual([
      ['2026-03-28', 0],
      ['2026-03-29', 1],
      ['2026-03-30', 1],
      ['2026-03-31', 0],
    ])
  })

  it('counts history days towards the windows of the days after them', () => {
    const from = new Date('2026-03-01T00:00Z')
    const days = periodsInRange(
      shiftPeriod(from, 1 - MAU_WINDOW_DAYS, 'day', 'UTC'),
      new Date('2026-03-03T00:00Z'),
      'day',
      'UTC',
    )
    const reported = activeUsersByDay(
      [{ personId: 'ann', time: Date.parse('2026-01-31T10:00Z') }],
      days,
    ).slice(MAU_WINDOW_DAYS - 1)
    expect(reported.map((row) => [row.day.label, row.dau, row.wau, row.mau])).toEqual([
      ['2026-03-01', 0, 0, 1],
      ['2026-03-02', 0, 0, 0],
    ])
  })

  it('returns no rows for no days', () => {
    expect(activeUsersByDay([on('ann', 0)], [])).toEqual([])
  })

  it('throws RangeError for unsorted events, non-finite times, or days that are not contiguous', () => {
    const days = utcDays(3)
    expect(() => activeUsersByDay([on('ann', 1), on('bob', 0)], days)).toThrow(RangeError)
    expect(() => activeUsersByDay([{ personId: 'ann', time: Number.NaN }], days)).toThrow(RangeError)
    expect(() => activeUsersByDay([], [days[0]!, days[2]!])).toThrow(RangeError)
    expect(() => activeUsersByDay([], [{ ...days[0]!, end: days[0]!.start }])).toThrow(RangeError)
  })

  it('matches a direct count of distinct persons, with DAU <= WAU <= MAU', () => {
    const dayCount = 45
    const days = utcDays(dayCount)
    const stream = fc
      .array(
        fc.record({
          personId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
          time: fc.integer({ min: JAN_1 - 3 * DAY, max: JAN_1 + (dayCount + 3) * DAY }),
        }),
        { maxLength: 80 },
      )
      .map((events) => events.sort((x, y) => x.time - y.time))
    fc.assert(
      fc.property(stream, (events) => {
        const distinctIn = (firstDay: number, lastDay: number): number => {
          const from = JAN_1 + Math.max(firstDay, 0) * DAY
          const to = JAN_1 + (lastDay + 1) * DAY
          return new Set(events.filter((e) => e.time >= from && e.time < to).map((e) => e.personId)).size
        }
        activeUsersByDay(events, days).forEach(({ dau, wau, mau }, index) => {
          expect(dau).toBe(distinctIn(index, index))
          expect(wau).toBe(index >= WAU_WINDOW_DAYS - 1 ? distinctIn(index - 6, index) : null)
          expect(mau).toBe(index >= MAU_WINDOW_DAYS - 1 ? distinctIn(index - 29, index) : null)
          if (wau !== null) expect(dau).toBeLessThanOrEqual(wau)
          if (wau !== null && mau !== null) expect(wau).toBeLessThanOrEqual(mau)
        })
      }),
    )
  })
})

describe('stickiness', () => {
  it('is DAU / MAU', () => {
    expect(stickiness(20, 100)).toBe(0.2)
    expect(stickiness(12.5, 50)).toBe(0.25)
    expect(stickiness(0, 0)).toBeNull()
  })

  it('throws RangeError when DAU exceeds MAU or a count is negative', () => {
    expect(() => stickiness(101, 100)).toThrow(RangeError)
    expect(() => stickiness(-1, 100)).toThrow(RangeError)
  })
})
