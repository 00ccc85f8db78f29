import { type CivilDate, civilDateOf, epochDayOf, isoWeekdayOf, isoWeekOf, MS_PER_DAY } from './civil-date'
import { instantFromWallClock, isValidTimeZone, wallClockAt } from './time-zone'

export const PERIOD_UNITS = ['day', 'week', 'month', 'quarter'] as const
export type PeriodUnit = (typeof PERIOD_UNITS)[number]

/** A calendar period in some zone as the half-open range of UTC instants [start, end). */
export interface Period {
  start: Date
  end: Date
  label: string
}

export const DEFAULT_MAX_PERIODS = 1000

/*
 * A period is identified by the civil date it begins on in the zone (a Monday for ISO weeks, the 1st
 * for months and quarters). Its start is the first instant at which the zone's clocks show that date:
 * local midnight, or the end of the gap when the zone skips midnight (America/Santiago springs forward
 * at 00:00, so some of its days begin at 01:00). A period ends where the next one starts, which makes
 * days 23 or 25 hours long across DST changes without any special case.
 */

function firstDateOf(date: CivilDate, unit: PeriodUnit): CivilDate {
  switch (unit) {
    case 'day':
      return date
    case 'week':
      return civilDateOf(epochDayOf(date) - isoWeekdayOf(epochDayOf(date)) + 1)
    case 'month':
      return { year: date.year, month: date.month, day: 1 }
    case 'quarter':
      return { year: date.year, month: date.month - ((date.month - 1) % 3), day: 1 }
  }
}

/** The first date of the period `count` periods after the one beginning on `first`. */
function shiftFirstDate(first: CivilDate, unit: PeriodUnit, count: number): CivilDate {
  switch (unit) {
    case 'day':
      return civilDateOf(epochDayOf(first) + count)
    case 'week':
      return civilDateOf(epochDayOf(first) + 7 * count)
    case 'month':
      return civilDateOf(epochDayOf({ ...first, month: first.month + count }))
    case 'quarter':
      return civilDateOf(epochDayOf({ ...first, month: first.month + 3 * count }))
  }
}

function startOf(first: CivilDate, timeZone: string): number {
  return instantFromWallClock(epochDayOf(first) * MS_PER_DAY, timeZone)
}

function localDateAt(instant: number, timeZone: string): CivilDate {
  return civilDateOf(Math.floor(wallClockAt(instant, timeZone) / MS_PER_DAY))
}

/**
 * The period holding an instant: the latest period start at or before it. That is normally the period
 * of the instant's local date, but where clocks were set back across midnight (St. John's went from
 * 00:01 back to 23:01 every autumn until 2011) the repeated hour of the old date comes after the new
 * date has begun, and belongs to the new date's period so that periods never overlap.
 */
function periodHolding(
  instant: number,
  unit: PeriodUnit,
  timeZone: string,
): { first: CivilDate; start: number } {
  let first = firstDateOf(localDateAt(instant, timeZone), unit)
  let start = startOf(first, timeZone)
  for (;;) {
    const next = shiftFirstDate(first, unit, 1)
    const nextStart = startOf(next, timeZone)
    if (nextStart > instant) return { first, start }
    first = next
    start = nextStart
  }
}

function formatYear(year: number): string {
  if (year >= 0 && year <= 9999) return String(year).padStart(4, '0')
  return `${year < 0 ? '-' : '+'}${String(Math.abs(year)).padStart(6, '0')}`
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0')
}

function labelOf(first: CivilDate, unit: PeriodUnit): string {
  switch (unit) {
    case 'day':
      return `${formatYear(first.year)}-${twoDigits(first.month)}-${twoDigits(first.day)}`
    case 'week': {
      const { year, week } = isoWeekOf(epochDayOf(first))
      return `${formatYear(year)}-W${twoDigits(week)}`
    }
    case 'month':
      return `${formatYear(first.year)}-${twoDigits(first.month)}`
    case 'quarter':
      return `${formatYear(first.year)}-Q${(first.month - 1) / 3 + 1}`
  }
}

function assertValidInstant(instant: Date, name: string): void {
  if (Number.isNaN(instant.getTime())) throw new RangeError(`${name} is an invalid Date`)
}

function assertValidTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone: ${timeZone}`)
}

/**
 * Start of the day, ISO week (Monday), month or quarter holding `instant`, as seen in `timeZone`: local
 * midnight, or the first instant of that date when the zone skips midnight. Throws RangeError for an
 * unknown zone or an invalid Date.
 */
export function periodStart(instant: Date, unit: PeriodUnit, timeZone: string): Date {
  assertValidInstant(instant, 'instant')
  assertValidTimeZone(timeZone)
  return new Date(periodHolding(instant.getTime(), unit, timeZone).start)
}

/**
 * Label of the period that the local date of `start` (normally a period start) falls in: '2026-03-29'
 * for a day, '2026-W13' for an ISO week (numbered in its ISO week-numbering year, so the week of
 * 2024-12-30 is '2025-W01'), '2026-03' for a month, '2026-Q1' for a quarter. Labels of one unit sort
 * chronologically as strings for years 0 to 9999; other years take ISO 8601's signed six-digit form.
 */
export function periodLabel(start: Date, unit: PeriodUnit, timeZone: string): string {
  assertValidInstant(start, 'start')
  assertValidTimeZone(timeZone)
  return labelOf(firstDateOf(localDateAt(start.getTime(), timeZone), unit), unit)
}

/**
 * Start of the period `count` periods after (negative: before) the one holding `instant`, counting
 * calendar periods: `shiftPeriod(from, -29, 'day', tz)` is the start of the day 29 local days earlier,
 * however many hours that is.
 */
export function shiftPeriod(instant: Date, count: number, unit: PeriodUnit, timeZone: string): Date {
  assertValidInstant(instant, 'instant')
  assertValidTimeZone(timeZone)
  if (!Number.isSafeInteger(count)) throw new RangeError(`count must be an integer, got ${count}`)
  const { first } = periodHolding(instant.getTime(), unit, timeZone)
  return new Date(startOf(shiftFirstDate(first, unit, count), timeZone))
}

/**
 * Contiguous periods covering [from, to): the first starts at periodStart(from), each ends where the
 * next starts, and the last ends at or after `to`. Dates a zone skipped entirely (Pacific/Apia had no
 * 2011-12-30) hold no instants and get no period.
 *
 * Throws RangeError when from >= to, for an invalid Date or zone, or when the range needs more than
 * `maxPeriods` (default 1000) periods. Callers validate user input first, so these signal programming
 * errors rather than bad requests.
 */
export function periodsInRange(
  from: Date,
  to: Date,
  unit: PeriodUnit,
  timeZone: string,
  options: { maxPeriods?: number } = {},
): Period[] {
  const { maxPeriods = DEFAULT_MAX_PERIODS } = options
  assertValidInstant(from, 'from')
  assertValidInstant(to, 'to')
  assertValidTimeZone(timeZone)
  if (from.getTime() >= to.getTime()) {
    throw new RangeError(`from (${from.toISOString()}) must be before to (${to.toISOString()})`)
  }
  const periods: Period[] = []
  let { first, start } = periodHolding(from.getTime(), unit, timeZone)
  while (start < to.getTime()) {
    const next = shiftFirstDate(first, unit, 1)
    const nextStart = startOf(next, timeZone)
    if (nextStart > start) {
      if (periods.length >= maxPeriods) {
        throw new RangeError(
          `More than ${maxPeriods} ${unit} periods between ${from.toISOString()} and ${to.toISOString()}`,
        )
      }
      periods.push({ start: new Date(start), end: new Date(nextStart), label: labelOf(first, unit) })
    }
    first = next
    start = nextStart
  }
  return periods
}
