import { periodLabel } from '@heed/shared/periods/period'
import { instantFromWallClock } from '@heed/shared/periods/time-zone'
import { z } from 'zod'

const DAY = 86_400_000

/** A day as 'YYYY-MM-DD'. */
export const ZDay = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "must be a day as 'YYYY-MM-DD', e.g. 2026-09-01")
  .refine(
    (text) =>
      !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) &&
      new Date(`${text}T00:00:00Z`).toISOString().startsWith(text),
    {
      message: 'is not a day of the calendar',
    },
  )

/** The first instant of a 'YYYY-MM-DD' day in the time zone. */
export function dayStart(day: string, timeZone: string): number {
  return instantFromWallClock(Date.parse(`${day}T00:00:00Z`), timeZone)
}

/** The day `count` days after (negative: before) `day`, counting calendar days. */
export function shiftDay(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + count * DAY).toISOString().slice(0, 10)
}

/** Today's label in the time zone. */
export const today = (now: number, timeZone: string) => periodLabel(new Date(now), 'day', timeZone)
