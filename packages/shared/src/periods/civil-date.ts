/** A date on the proleptic Gregorian calendar with no time zone attached; `month` and `day` count from 1. */
export interface CivilDate {
  year: number
  month: number
  day: number
}

export const MS_PER_DAY = 86_400_000

/**
 * Days since 1970-01-01 for a civil date. Out-of-range months and days roll over the way `Date` does
 * (month 13 is January of the next year, day 0 the last day of the previous month), which keeps
 * calendar arithmetic to one addition.
 */
export function epochDayOf({ year, month, day }: CivilDate): number {
  // setUTCFullYear rather than Date.UTC, which maps years 0-99 to 1900-1999.
  return new Date(0).setUTCFullYear(year, month - 1, day) / MS_PER_DAY
}

export function civilDateOf(epochDay: number): CivilDate {
  const date = new Date(epochDay * MS_PER_DAY)
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }
}

/** ISO 8601 day of the week: Monday is 1, Sunday is 7. 1970-01-01 was a Thursday. */
export function isoWeekdayOf(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1
}

/**
 * ISO 8601 week date: weeks start on Monday and week 1 is the week holding the year's first Thursday,
 * so the week-numbering year differs from the calendar year around New Year (2024-12-30 is 2025-W01,
 * 2021-01-03 is 2020-W53).
 */
export function isoWeekOf(epochDay: number): { year: number; week: number } {
  const thursday = epochDay - isoWeekdayOf(epochDay) + 4
  const year = civilDateOf(thursday).year
  const week = Math.floor((thursday - epochDayOf({ year, month: 1, day: 1 })) / 7) + 1
  return { year, week }
}
