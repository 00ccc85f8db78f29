import type { Period } from '../periods/period'
import { shareOf } from './ratio'
import type { ActivityEvent } from './sessions'

/** WAU counts the day and the 6 before it; MAU the day and the 29 before it. */
export const WAU_WINDOW_DAYS = 7
export const MAU_WINDOW_DAYS = 30

export interface ActiveUsersDay {
  day: Period
  /** Distinct persons with an event in the day. */
  dau: number
  /** Distinct persons over the 7 days ending with this one; null while `days` holds fewer than 6 before it. */
  wau: number | null
  /** Distinct persons over the 30 days ending with this one; null while `days` holds fewer than 29 before it. */
  mau: number | null
}

interface PersonCoverage {
  lastDay: number
  weekCoveredThrough: number
  monthCoveredThrough: number
}

/**
 * DAU, WAU and MAU for each of `days`, which must be contiguous local days, as periodsInRange(...,
 * 'day', timeZone) returns. The trailing windows are counted in days, not hours, so they stay right
 * across DST changes; they only look at `days`, so to report from day D pass days starting 29 days
 * earlier (shiftPeriod(D, -29, 'day', timeZone)) and drop the leading rows. Rows whose window reaches
 * before the first day get null rather than an undercount.
 *
 * Events must be sorted by time (RangeError otherwise); events outside the days are ignored. One pass;
 * memory grows with the number of distinct persons.
 */
export function activeUsersByDay(events: Iterable<ActivityEvent>, days: readonly Period[]): ActiveUsersDay[] {
  assertContiguous(days)
  const count = days.length
  const dau = new Array<number>(count).fill(0)
  // Difference arrays: a person active on day d counts towards the WAU of days d..d+6 and the MAU of
  // days d..d+29. Each person adds only the part of that range not already covered by earlier activity,
  // so prefix sums give distinct counts.
  const wauChanges = new Array<number>(count + 1).fill(0)
  const mauChanges = new Array<number>(count + 1).fill(0)
  const coverage = new Map<string, PersonCoverage>()
  let dayIndex = 0
  let previousTime = Number.NEGATIVE_INFINITY
  for (const { personId, time } of events) {
    if (!Number.isFinite(time)) throw new RangeError(`Event time must be finite, got ${time}`)
    if (time < previousTime) {
      throw new RangeError(`Events must be sorted by time: ${time} came after ${previousTime}`)
    }
    previousTime = time
    while (dayIndex < count && time >= days[dayIndex]!.end.getTime()) dayIndex += 1
    const day = days[dayIndex]
    if (day === undefined || time < day.start.getTime()) continue
    const person = coverage.get(personId) ?? { lastDay: -1, weekCoveredThrough: -1, monthCoveredThrough: -1 }
    if (person.lastDay === dayIndex) continue
    dau[dayIndex]! += 1
    person.lastDay = dayIndex
    person.weekCoveredThrough = cover(wauChanges, dayIndex, WAU_WINDOW_DAYS, person.weekCoveredThrough)
    person.monthCoveredThrough = cover(mauChanges, dayIndex, MAU_WINDOW_DAYS, person.monthCoveredThrough)
    coverage.set(personId, person)
  }
  let wau = 0
  let mau = 0
  return days.map((day, index) => {
    wau += wauChanges[index]!
    mau += mauChanges[index]!
    return {
      day,
      dau: dau[index]!,
      wau: index >= WAU_WINDOW_DAYS - 1 ? wau : null,
      mau: index >= MAU_WINDOW_DAYS - 1 ? mau : null,
    }
  })
}

/** Adds +1 over days [day, day + windowDays) not already covered, returning the new covered end. */
function cover(changes: number[], day: number, windowDays: number, coveredThrough: number): number {
  const from = Math.max(day, coveredThrough + 1)
  const through = Math.min(day + windowDays - 1, changes.length - 2)
  if (from <= through) {
    changes[from]! += 1
    changes[through + 1]! -= 1
  }
  return day + windowDays - 1
}

function assertContiguous(days: readonly Period[]): void {
  days.forEach((day, index) => {
    if (!(day.start.getTime() < day.end.getTime())) {
      throw new RangeError(`Day ${day.label} is empty or reversed`)
    }
    const next = days[index + 1]
    if (next !== undefined && next.start.getTime() !== day.end.getTime()) {
      throw new RangeError(`Days must be contiguous: ${next.label} does not start where ${day.label} ends`)
    }
  })
}

/** DAU / MAU from 0 to 1, how many of the month's users come on a typical day; null when MAU is 0. */
export function stickiness(dau: number, mau: number): number | null {
  return shareOf(dau, mau, { part: 'dau', whole: 'mau' })
}
