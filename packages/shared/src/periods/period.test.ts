import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_MAX_PERIODS,
  PERIOD_UNITS,
  type Period,
  type PeriodUnit,
  periodLabel,
  periodStart,
  periodsInRange,
  shiftPeriod,
} from './period'

const HOUR = 3_600_000
const utc = (iso: string): Date => new Date(iso)
const hours = (period: Period): number => (period.end.getTime() - period.start.getTime()) / HOUR
const summary = (periods: Period[]) =>
  periods.map((period) => ({ label: period.label, start: period.start.toISOString(), hours: hours(period) }))

describe('periodStart', () => {
  it.each<[string, PeriodUnit, string, string]>([
    ['UTC', 'day', '2026-03-29T23:59:59.999Z', '2026-03-29T00:00:00.000Z'],
    ['Europe/Berlin', 'day', '2026-03-29T12:00Z', '2026-03-28T23:00:00.000Z'],
    ['Europe/Berlin', 'week', '2026-03-29T12:00Z', '2026-03-22T23:00:00.000Z'],
    ['Europe/Berlin', 'month', '2026-03-29T12:00Z', '2026-02-28T23:00:00.000Z'],
    ['Europe/Berlin', 'quarter', '2026-03-29T12:00Z', '2025-12-31T23:00:00.000Z'],
    ['Europe/Berlin', 'quarter', '2026-05-10T12:00Z', '2026-03-31T22:00:00.000Z'],
    ['America/New_York', 'day', '2026-03-08T04:59Z', '2026-03-07T05:00:00.000Z'],
    ['America/New_York', 'day', '2026-03-08T05:00Z', '2026-03-08T05:00:00.000Z'],
    ['Asia/Kolkata', 'month', '2026-02-28T18:29Z', '2026-01-31T18:30:00.000Z'],
    ['Asia/Kolkata', 'month', '2026-02-28T18:30Z', '2026-02-28T18:30:00.000Z'],
    ['Asia/Kathmandu', 'day', '2026-06-15T12:00Z', '2026-06-14T18:15:00.000Z'],
    ['Pacific/Chatham', 'quarter', '2026-02-01T00:00Z', '2025-12-31T10:15:00.000Z'],
    // Local date 2026-01-01 began at 10:15 UTC the day before.
    ['Pacific/Chatham', 'week', '2025-12-31T10:15Z', '2025-12-28T10:15:00.000Z'],
    ['Australia/Lord_Howe', 'day', '2026-04-05T13:29Z', '2026-04-04T13:00:00.000Z'],
  ])('%s %s of %s starts at %s', (zone, unit, instant, expected) => {
    expect(periodStart(utc(instant), unit, zone).toISOString()).toBe(expected)
  })

  it('starts a day whose midnight is skipped at its first instant (America/Santiago, America/Sao_Paulo)', () => {
    // 2026-09-06 00:00 -04 became 01:00 -03.
    expect(periodStart(utc('2026-09-06T12:00Z'), 'day', 'America/Santiago').toISOString()).toBe(
      '2026-09-06T04:00:00.000Z',
    )
    expect(periodStart(utc('2026-09-06T12:00Z'), 'week', 'America/Santiago').toISOString()).toBe(
      '2026-08-31T04:00:00.000Z',
    )
    expect(periodStart(utc('2018-11-04T12:00Z'), 'day', 'America/Sao_Paulo').toISOString()).toBe(
      '2018-11-04T03:00:00.000Z',
    )
  })

  it('gives the hour repeated across midnight to the new day (America/St_Johns until 2011)', () => {
    // On 2006-10-29 clocks went from 00:01 NDT (-2:30) back to 23:01 NST (-3:30) of the 28th.
    // The day of the 29th starts at its first midnight; the repeated 23:01-23:59 follows it.
    const secondDayStart = '2006-10-29T02:30:00.000Z'
    expect(periodStart(utc('2006-10-29T02:30:30Z'), 'day', 'America/St_Johns').toISOString()).toBe(
      secondDayStart,
    )
    expect(periodStart(utc('2006-10-29T03:00Z'), 'day', 'America/St_Johns').toISOString()).toBe(
      secondDayStart,
    )
    expect(periodStart(utc('2006-10-29T02:29Z'), 'day', 'America/St_Johns').toISOString()).toBe(
      '2006-10-28T02:30:00.000Z',
    )
  })

  it('throws RangeError for an invalid zone or Date', () => {
    expect(() => periodStart(utc('2026-01-01T00:00Z'), 'day', 'Nowhere/Special')).toThrow(RangeError)
    expect(() => periodStart(new Date(Number.NaN), 'day', 'UTC')).toThrow(RangeError)
  })
})

describe('periodLabel', () => {
  it.each<[string, PeriodUnit, string]>([
    ['2026-03-29T00:00Z', 'day', '2026-03-29'],
    ['2026-03-29T00:00Z', 'week', '2026-W13'],
    ['2026-03-29T00:00Z', 'month', '2026-03'],
    ['2026-03-29T00:00Z', 'quarter', '2026-Q1'],
    ['2026-12-31T00:00Z', 'quarter', '2026-Q4'],
    ['2024-12-30T00:00Z', 'week', '2025-W01'],
    ['2020-12-28T00:00Z', 'week', '2020-W53'],
    ['2021-01-03T00:00Z', 'week', '2020-W53'],
    ['2021-01-04T00:00Z', 'week', '2021-W01'],
    ['2025-12-29T00:00Z', 'week', '2026-W01'],
    ['2027-01-01T00:00Z', 'week', '2026-W53'],
    ['2027-01-04T00:00Z', 'week', '2027-W01'],
    ['0099-06-01T00:00Z', 'month', '0099-06'],
    ['+010000-01-01T00:00Z', 'day', '+010000-01-01'],
    ['-000001-01-01T00:00Z', 'day', '-000001-01-01'],
  ])('%s as %s is %s', (instant, unit, expected) => {
    expect(periodLabel(utc(instant), unit, 'UTC')).toBe(expected)
  })

  it('uses the local date in the zone', () => {
    expect(periodLabel(utc('2025-12-31T10:15Z'), 'day', 'Pacific/Chatham')).toBe('2026-01-01')
    expect(periodLabel(utc('2025-12-31T10:15Z'), 'week', 'Pacific/Chatham')).toBe('2026-W01')
    expect(periodLabel(utc('2025-12-31T10:15Z'), 'day', 'America/New_York')).toBe('2025-12-31')
  })

  it('throws RangeError for an invalid zone or Date', () => {
    expect(() => periodLabel(utc('2026-01-01T00:00Z'), 'day', 'Nowhere/Special')).toThrow(RangeError)
    expect(() => periodLabel(new Date(Number.NaN), 'day', 'UTC')).toThrow(RangeError)
  })
})

describe('shiftPeriod', () => {
  it('moves by calendar periods, not by fixed lengths', () => {
    const berlin = 'Europe/Berlin'
    expect(shiftPeriod(utc('2026-03-30T12:00Z'), -1, 'day', berlin).toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    )
    expect(shiftPeriod(utc('2026-03-30T12:00Z'), -29, 'day', berlin).toISOString()).toBe(
      '2026-02-28T23:00:00.000Z',
    )
    expect(shiftPeriod(utc('2026-03-30T12:00Z'), 0, 'week', berlin).toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    )
    expect(shiftPeriod(utc('2026-01-31T12:00Z'), 1, 'month', berlin).toISOString()).toBe(
      '2026-01-31T23:00:00.000Z',
    )
    expect(shiftPeriod(utc('2026-01-31T12:00Z'), -5, 'quarter', berlin).toISOString()).toBe(
      '2024-09-30T22:00:00.000Z',
    )
  })

  it('throws RangeError for a fractional count, an invalid zone or Date', () => {
    expect(() => shiftPeriod(utc('2026-01-01T00:00Z'), 1.5, 'day', 'UTC')).toThrow(RangeError)
    expect(() => shiftPeriod(utc('2026-01-01T00:00Z'), 1, 'day', 'Nowhere/Special')).toThrow(RangeError)
    expect(() => shiftPeriod(new Date(Number.NaN), 1, 'day', 'UTC')).toThrow(RangeError)
  })
})

describe('periodsInRange', () => {
  it('makes days 23 and 25 hours long across DST in Europe/Berlin', () => {
    expect(
      summary(periodsInRange(utc('2026-03-28T12:00Z'), utc('2026-03-30T00:00Z'), 'day', 'Europe/Berlin')),
    ).toEqual([
      { label: '2026-03-28', start: '2026-03-27T23:00:00.000Z', hours: 24 },
      { label: '2026-03-29', start: '2026-03-28T23:00:00.000Z', hours: 23 },
      { label: '2026-03-30', start: '2026-03-29T22:00:00.000Z', hours: 24 },
    ])
    const autumn = periodsInRange(
      utc('2026-10-25T12:00Z'),
      utc('2026-10-25T12:00:01Z'),
      'day',
      'Europe/Berlin',
    )
    expect(summary(autumn)).toEqual([{ label: '2026-10-25', start: '2026-10-24T22:00:00.000Z', hours: 25 }])
  })

  it('makes weeks 167 and 169 hours long across DST', () => {
    const weeks = (from: string, to: string) =>
      periodsInRange(utc(from), utc(to), 'week', 'Europe/Berlin').map(hours)
    expect(weeks('2026-03-25T00:00Z', '2026-03-26T00:00Z')).toEqual([167])
    expect(weeks('2026-10-20T00:00Z', '2026-10-21T00:00Z')).toEqual([169])
  })

  it('follows America/New_York across both changes', () => {
    const days = periodsInRange(utc('2026-03-08T12:00Z'), utc('2026-11-01T12:00Z'), 'day', 'America/New_York')
    expect(days).toHaveLength(239)
    expect(summary([days[0]!, days.at(-1)!])).toEqual([
      { label: '2026-03-08', start: '2026-03-08T05:00:00.000Z', hours: 23 },
      { label: '2026-11-01', start: '2026-11-01T04:00:00.000Z', hours: 25 },
    ])
  })

  it('handles the 30-minute DST of Australia/Lord_Howe', () => {
    const april = periodsInRange(
      utc('2026-04-04T13:00Z'),
      utc('2026-04-05T14:00Z'),
      'day',
      'Australia/Lord_Howe',
    )
    expect(summary(april)).toEqual([
      { label: '2026-04-05', start: '2026-04-04T13:00:00.000Z', hours: 24.5 },
      { label: '2026-04-06', start: '2026-04-05T13:30:00.000Z', hours: 24 },
    ])
    const october = periodsInRange(
      utc('2026-10-03T14:00Z'),
      utc('2026-10-03T15:00Z'),
      'day',
      'Australia/Lord_Howe',
    )
    expect(summary(october)).toEqual([
      { label: '2026-10-04', start: '2026-10-03T13:30:00.000Z', hours: 23.5 },
    ])
  })

  it('handles Pacific/Chatham (+12:45 / +13:45)', () => {
    const quarters = periodsInRange(
      utc('2026-01-01T00:00Z'),
      utc('2026-12-31T00:00Z'),
      'quarter',
      'Pacific/Chatham',
    )
    expect(summary(quarters)).toEqual([
      { label: '2026-Q1', start: '2025-12-31T10:15:00.000Z', hours: 90 * 24 },
      { label: '2026-Q2', start: '2026-03-31T10:15:00.000Z', hours: 91 * 24 + 1 },
      { label: '2026-Q3', start: '2026-06-30T11:15:00.000Z', hours: 92 * 24 - 1 },
      { label: '2026-Q4', start: '2026-09-30T10:15:00.000Z', hours: 92 * 24 },
    ])
  })

  it('uses fixed offsets for Asia/Kolkata and Asia/Kathmandu', () => {
    const kolkata = periodsInRange(
      utc('2026-02-01T00:00Z'),
      utc('2026-03-01T00:00Z'),
      'month',
      'Asia/Kolkata',
    )
    expect(summary(kolkata)).toEqual([
      { label: '2026-02', start: '2026-01-31T18:30:00.000Z', hours: 28 * 24 },
      { label: '2026-03', start: '2026-02-28T18:30:00.000Z', hours: 31 * 24 },
    ])
    const kathmandu = periodsInRange(
      utc('2026-06-01T00:00Z'),
      utc('2026-06-02T00:00Z'),
      'day',
      'Asia/Kathmandu',
    )
    expect(summary(kathmandu)).toEqual([
      { label: '2026-06-01', start: '2026-05-31T18:15:00.000Z', hours: 24 },
      { label: '2026-06-02', start: '2026-06-01T18:15:00.000Z', hours: 24 },
    ])
  })

  it('starts days at their first instant when America/Santiago skips or repeats around midnight', () => {
    const april = periodsInRange(
      utc('2026-04-04T12:00Z'),
      utc('2026-04-05T12:00Z'),
      'day',
      'America/Santiago',
    )
    expect(summary(april)).toEqual([
      { label: '2026-04-04', start: '2026-04-04T03:00:00.000Z', hours: 25 },
      { label: '2026-04-05', start: '2026-04-05T04:00:00.000Z', hours: 24 },
    ])
    const september = periodsInRange(
      utc('2026-09-05T12:00Z'),
      utc('2026-09-06T12:00Z'),
      'day',
      'America/Santiago',
    )
    expect(summary(september)).toEqual([
      { label: '2026-09-05', start: '2026-09-05T04:00:00.000Z', hours: 24 },
      { label: '2026-09-06', start: '2026-09-06T04:00:00.000Z', hours: 23 },
    ])
  })

  it('numbers ISO weeks across year boundaries', () => {
    const weeks = periodsInRange(utc('2020-12-25T00:00Z'), utc('2021-01-05T00:00Z'), 'week', 'UTC')
    expect(weeks.map((week) => week.label)).toEqual(['2020-W52', '2020-W53', '2021-W01'])
    const next = periodsInRange(utc('2025-12-28T00:00Z'), utc('2026-01-06T00:00Z'), 'week', 'UTC')
    expect(summary(next)).toEqual([
      { label: '2025-W52', start: '2025-12-22T00:00:00.000Z', hours: 168 },
      { label: '2026-W01', start: '2025-12-29T00:00:00.000Z', hours: 168 },
      { label: '2026-W02', start: '2026-01-05T00:00:00.000Z', hours: 168 },
    ])
  })

  it('leaves out a date the zone skipped entirely (Pacific/Apia, 2011-12-30)', () => {
    const days = periodsInRange(utc('2011-12-29T12:00Z'), utc('2011-12-31T09:00Z'), 'day', 'Pacific/Apia')
    expect(summary(days)).toEqual([
      { label: '2011-12-29', start: '2011-12-29T10:00:00.000Z', hours: 24 },
      { label: '2011-12-31', start: '2011-12-30T10:00:00.000Z', hours: 24 },
    ])
  })

  it('makes a week that lost a date 144 hours long (Pacific/Kwajalein skipped 1993-08-21)', () => {
    const weeks = periodsInRange(
      utc('1993-08-18T00:00Z'),
      utc('1993-08-19T00:00Z'),
      'week',
      'Pacific/Kwajalein',
    )
    expect(summary(weeks)).toEqual([{ label: '1993-W33', start: '1993-08-16T12:00:00.000Z', hours: 144 }])
  })

  it('throws RangeError for an empty or reversed range, invalid input, or too many periods', () => {
    const from = utc('2026-01-01T00:00Z')
    expect(() => periodsInRange(from, from, 'day', 'UTC')).toThrow(RangeError)
    expect(() => periodsInRange(utc('2026-01-02T00:00Z'), from, 'day', 'UTC')).toThrow(RangeError)
    expect(() => periodsInRange(from, new Date(Number.NaN), 'day', 'UTC')).toThrow(RangeError)
    expect(() => periodsInRange(new Date(Number.NaN), from, 'day', 'UTC')).toThrow(RangeError)
    expect(() => periodsInRange(from, utc('2026-02-01T00:00Z'), 'day', 'Nowhere/Special')).toThrow(RangeError)
    expect(() => periodsInRange(from, utc('2026-01-11T00:00Z'), 'day', 'UTC', { maxPeriods: 9 })).toThrow(
      RangeError,
    )
    expect(
      periodsInRange(from, utc('2026-01-10T00:00:00.001Z'), 'day', 'UTC', { maxPeriods: 10 }),
    ).toHaveLength(10)
    const defaultMax = new Date(from.getTime() + DEFAULT_MAX_PERIODS * 24 * HOUR)
    expect(periodsInRange(from, defaultMax, 'day', 'UTC')).toHaveLength(DEFAULT_MAX_PERIODS)
    expect(() => periodsInRange(from, new Date(defaultMax.getTime() + 1), 'day', 'UTC')).toThrow(RangeError)
  })
})

describe('properties', () => {
  const transitions: [string, string][] = [
    ['Europe/Berlin', '2026-03-29T01:00Z'],
    ['Europe/Berlin', '2026-10-25T01:00Z'],
    ['America/New_York', '2026-03-08T07:00Z'],
    ['America/New_York', '2026-11-01T06:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T15:00Z'],
    ['Australia/Lord_Howe', '2026-10-03T15:30Z'],
    ['Pacific/Chatham', '2026-04-04T14:00Z'],
    ['Pacific/Chatham', '2026-09-26T14:00Z'],
    ['America/Santiago', '2026-04-05T03:00Z'],
    ['America/Santiago', '2026-09-06T04:00Z'],
    ['America/Sao_Paulo', '2018-11-04T03:00Z'],
    ['America/St_Johns', '2006-10-29T02:31Z'],
    ['Pacific/Apia', '2011-12-30T10:00Z'],
  ]
  const zones = [...new Set(transitions.map(([zone]) => zone)), 'UTC', 'Asia/Kolkata', 'Asia/Kathmandu']
  const MIN = Date.parse('1995-01-01T00:00Z')
  const MAX = Date.parse('2035-01-01T00:00Z')

  const zoneAndInstant = fc.oneof(
    fc.record({ zone: fc.constantFrom(...zones), instant: fc.integer({ min: MIN, max: MAX }) }),
    fc
      .tuple(fc.constantFrom(...transitions), fc.integer({ min: -3 * HOUR, max: 3 * HOUR }))
      .map(([[zone, iso], delta]) => ({ zone, instant: Date.parse(iso) + delta })),
  )
  const unit = fc.constantFrom(...PERIOD_UNITS)
  const maxSpanHours: Record<PeriodUnit, number> = {
    day: 24 * 40,
    week: 24 * 7 * 30,
    month: 24 * 31 * 30,
    quarter: 24 * 92 * 20,
  }

  it('periodStart is at or before the instant, idempotent, and the period ends after the instant', () => {
    fc.assert(
      fc.property(zoneAndInstant, unit, ({ zone, instant }, unit) => {
        const start = periodStart(new Date(instant), unit, zone)
        expect(start.getTime()).toBeLessThanOrEqual(instant)
        expect(periodStart(start, unit, zone)).toEqual(start)
        expect(shiftPeriod(start, 0, unit, zone)).toEqual(start)
        expect(shiftPeriod(new Date(instant), 1, unit, zone).getTime()).toBeGreaterThan(instant)
      }),
      { numRuns: 500 },
    )
  })

  it('periodsInRange is contiguous, increasing, covers the range, and holds every instant exactly once', () => {
    fc.assert(
      fc.property(
        zoneAndInstant,
        unit,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { maxLength: 5 }),
        ({ zone, instant: from }, unit, spanFraction, samples) => {
          const to = from + 1 + Math.floor(spanFraction * maxSpanHours[unit] * HOUR)
          const periods = periodsInRange(new Date(from), new Date(to), unit, zone)
          expect(periods[0]!.start).toEqual(periodStart(new Date(from), unit, zone))
          expect(periods.at(-1)!.end.getTime()).toBeGreaterThanOrEqual(to)
          expect(periods.at(-1)!.start.getTime()).toBeLessThan(to)
          periods.forEach((period, index) => {
            expect(period.start.getTime()).toBeLessThan(period.end.getTime())
            const next = periods[index + 1]
            if (next) {
              expect(next.start).toEqual(period.end)
              expect(next.label > period.label).toBe(true)
            }
            expect(periodStart(period.start, unit, zone)).toEqual(period.start)
            expect(periodLabel(period.start, unit, zone)).toBe(period.label)
          })
          for (const sample of [
            from,
            to - 1,
            ...samples.map((fraction) => from + Math.floor(fraction * (to - from))),
          ]) {
            const holding = periods.filter(
              (period) => period.start.getTime() <= sample && sample < period.end.getTime(),
            )
            expect(holding).toHaveLength(1)
            expect(holding[0]!.start).toEqual(periodStart(new Date(sample), unit, zone))
          }
        },
      ),
      { numRuns: 1000 },
    )
  })
})
