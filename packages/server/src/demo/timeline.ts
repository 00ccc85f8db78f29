import { MS_PER_DAY } from '@heed/shared/periods/civil-date'
import { instantFromWallClock, utcOffsetAt, wallClockAt } from '@heed/shared/periods/time-zone'
import { type Random, WeightedIndex } from './random'

export const DEMO_TIME_ZONE = 'Europe/Berlin'
/** The demo covers the year before today. */
export const DEMO_DAYS = 365
const HOUR = 3_600_000

/** Weekday activity of a B2B product, Monday first: busy midweek, quiet at the weekend. */
const WEEKDAY_ACTIVITY = [1, 1.05, 1.05, 1, 0.9, 0.3, 0.22]

/**
 * The demo's calendar: the 365 local days (Europe/Berlin) before today, numbered 0 (a year ago) to 364
 * (yesterday); earlier days have negative numbers. Ending at today's midnight makes every run of one day
 * produce the same data, and none of it in the future.
 */
export class Timeline {
  /** The first instant of day 0. */
  readonly start: number
  /** The first instant of today: everything in the demo happened before it. */
  readonly end: number
  /** The day the price list changed: the first day of the month about five months ago. */
  readonly pricingChangeDay: number
  readonly #firstWallClock: number
  readonly #activity: WeightedIndex
  readonly #offsets = new Map<number, number>()

  constructor(now: number) {
    const today = Math.floor(wallClockAt(now, DEMO_TIME_ZONE) / MS_PER_DAY) * MS_PER_DAY
    this.#firstWallClock = today - DEMO_DAYS * MS_PER_DAY
    this.start = instantFromWallClock(this.#firstWallClock, DEMO_TIME_ZONE)
    this.end = instantFromWallClock(today, DEMO_TIME_ZONE)
    const fiveMonthsAgo = new Date(today - 150 * MS_PER_DAY)
    const monthStart = Date.UTC(fiveMonthsAgo.getUTCFullYear(), fiveMonthsAgo.getUTCMonth(), 1)
    this.pricingChangeDay = Math.round((monthStart - this.#firstWallClock) / MS_PER_DAY)
    this.#activity = new WeightedIndex(Array.from({ length: DEMO_DAYS }, (_, day) => this.#activityOn(day)))
  }

  /** How busy a day is, relative to an ordinary weekday a year ago: growth, weekdays and holidays. */
  #activityOn(day: number): number {
    const growth = 0.7 + (0.6 * day) / DEMO_DAYS
    const date = this.#wallDate(day)
    const weekday = WEEKDAY_ACTIVITY[(date.getUTCDay() + 6) % 7] ?? 1
    const month = date.getUTCMonth()
    const dayOfMonth = date.getUTCDate()
    const holidays = (month === 11 && dayOfMonth >= 24) || (month === 0 && dayOfMonth === 1)
    return growth * weekday * (holidays ? 0.35 : 1)
  }

  /** A day of the demo year, drawn in proportion to its activity. */
  randomDay(random: Random): number {
    return this.#activity.draw(random)
  }

  /** A moment of the working day, local time: most activity mid-afternoon, little before 8 or after 20. */
  workingTime(random: Random): number {
    const hours = Math.min(22, Math.max(6.5, random.normal(13.5, 2.6)))
    return Math.round(hours * HOUR + random.int(0, 59_999))
  }

  /** The instant of a local time of day (ms after midnight) on a day. */
  instant(day: number, timeOfDay: number): number {
    let offset = this.#offsets.get(day)
    if (offset === undefined) {
      // The offset at midday: nothing in the demo happens in the night hours in which clocks change.
      offset = utcOffsetAt(this.#firstWallClock + day * MS_PER_DAY + 12 * HOUR, DEMO_TIME_ZONE)
      this.#offsets.set(day, offset)
    }
    return this.#firstWallClock + day * MS_PER_DAY + timeOfDay - offset
  }

  /** The local calendar date of a day, e.g. '2026-03-01'. */
  date(day: number): string {
    return this.#wallDate(day).toISOString().slice(0, 10)
  }

  /** The day an instant falls on. */
  dayOf(instant: number): number {
    return Math.floor((wallClockAt(instant, DEMO_TIME_ZONE) - this.#firstWallClock) / MS_PER_DAY)
  }

  #wallDate(day: number): Date {
    return new Date(this.#firstWallClock + day * MS_PER_DAY)
  }
}
