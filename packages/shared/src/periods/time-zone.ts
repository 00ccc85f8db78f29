import { MS_PER_DAY } from './civil-date'

/*
 * Wall-clock times are represented as the epoch milliseconds at which a UTC clock would show the same
 * reading: local 2026-03-29 02:30 is Date.UTC(2026, 2, 29, 2, 30) whatever the zone. That keeps local
 * date-times plain numbers that Date's UTC getters and Date.parse('...Z') read and write directly.
 */

// Building an Intl.DateTimeFormat costs far more than formatting with one, and trend queries convert
// thousands of instants, so one formatter per zone name is kept for the life of the process. Only
// names that construct successfully are stored, so the cache is bounded by the zones actually used.
const offsetFormatters = new Map<string, Intl.DateTimeFormat>()

function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = offsetFormatters.get(timeZone)
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    offsetFormatters.set(timeZone, formatter)
  }
  return formatter
}

/** True for any IANA zone name (or alias, in any letter case) the runtime's ICU data knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    offsetFormatter(timeZone)
    return true
  } catch {
    return false
  }
}

// 'longOffset' renders "GMT-05:00", "GMT+05:45", "GMT+00:53:28" for local mean time, and plain "GMT"
// for zero in some ICU versions. The minus may be U+2212 depending on ICU data.
const LONG_OFFSET = /GMT(?:([+\-\u2212])(\d{2}):(\d{2})(?::(\d{2}))?)?$/

/**
 * Milliseconds to add to a UTC instant to get the zone's wall-clock reading at that instant
 * (+3_600_000 for Europe/Berlin in winter, -14_400_000 for America/New_York in summer).
 * Throws RangeError for an unknown zone or an invalid instant.
 */
export function utcOffsetAt(instant: number, timeZone: string): number {
  const text = offsetFormatter(timeZone).format(instant)
  const match = LONG_OFFSET.exec(text)
  if (match === null) throw new Error(`Unexpected offset format from Intl.DateTimeFormat: ${text}`)
  const [, sign, hours = '0', minutes = '0', seconds = '0'] = match
  const magnitude = ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000
  return sign === '+' || sign === undefined ? magnitude : -magnitude
}

/** The zone's wall-clock reading at an instant, as epoch ms of the same reading in UTC. */
export function wallClockAt(instant: number, timeZone: string): number {
  return instant + utcOffsetAt(instant, timeZone)
}

/**
 * The instant at which the zone's clocks show `wallClock` (epoch ms of the same reading in UTC).
 *
 * - A reading that occurs twice because clocks were set back resolves to the first occurrence, so the
 *   start of a day, week or month is its earliest instant.
 * - A reading that never occurs because clocks were set forward resolves to the first real instant
 *   after the gap (the transition itself: 02:30 on a spring-forward night in New York is 03:00 EDT), so
 *   a day whose midnight is skipped starts at its first instant.
 *
 * Assumes at most one offset change within a day either side of the reading, which holds for every
 * zone in the IANA database since 1900.
 */
export function instantFromWallClock(wallClock: number, timeZone: string): number {
  const offsetBefore = utcOffsetAt(wallClock - MS_PER_DAY, timeZone)
  const offsetAfter = utcOffsetAt(wallClock + MS_PER_DAY, timeZone)
  const earlier = wallClock - Math.max(offsetBefore, offsetAfter)
  const later = wallClock - Math.min(offsetBefore, offsetAfter)
  if (wallClockAt(earlier, timeZone) === wallClock) return earlier
  if (wallClockAt(later, timeZone) === wallClock) return later
  return firstOffsetChange(earlier, later, timeZone)
}

/** The first instant in (from, to] whose offset differs from the offset at `from`, or `to` if none does. */
function firstOffsetChange(from: number, to: number, timeZone: string): number {
  const offset = utcOffsetAt(from, timeZone)
  let unchanged = from
  let changed = to
  while (changed - unchanged > 1) {
    const middle = unchanged + Math.floor((changed - unchanged) / 2)
    if (utcOffsetAt(middle, timeZone) === offset) unchanged = middle
    else changed = middle
  }
  return changed
}
