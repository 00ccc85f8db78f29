import { describe, expect, it } from 'vitest'
import { civilDateOf, epochDayOf, isoWeekdayOf, isoWeekOf } from './civil-date'

describe('civil dates', () => {
  it('counts days from 1970-01-01, including years before 100 and before 1970', () => {
    expect(epochDayOf({ year: 1970, month: 1, day: 1 })).toBe(0)
    expect(epochDayOf({ year: 1969, month: 12, day: 31 })).toBe(-1)
    expect(civilDateOf(epochDayOf({ year: 50, month: 2, day: 28 }) + 1)).toEqual({
      year: 50,
      month: 3,
      day: 1,
    })
    expect(civilDateOf(epochDayOf({ year: 2024, month: 2, day: 28 }) + 1)).toEqual({
      year: 2024,
      month: 2,
      day: 29,
    })
  })

  it('rolls over months and days like Date', () => {
    expect(civilDateOf(epochDayOf({ year: 2026, month: 13, day: 1 }))).toEqual({
      year: 2027,
      month: 1,
      day: 1,
    })
    expect(civilDateOf(epochDayOf({ year: 2026, month: -1, day: 1 }))).toEqual({
      year: 2025,
      month: 11,
      day: 1,
    })
    expect(civilDateOf(epochDayOf({ year: 2026, month: 3, day: 0 }))).toEqual({
      year: 2026,
      month: 2,
      day: 28,
    })
  })

  it('numbers weekdays from Monday = 1, before and after 1970', () => {
    expect(isoWeekdayOf(0)).toBe(4)
    expect(isoWeekdayOf(-3)).toBe(1)
    expect(isoWeekdayOf(epochDayOf({ year: 2026, month: 3, day: 29 }))).toBe(7)
  })

  it('numbers ISO weeks in the ISO week-numbering year', () => {
    const week = (year: number, month: number, day: number) => isoWeekOf(epochDayOf({ year, month, day }))
    expect(week(2024, 12, 30)).toEqual({ year: 2025, week: 1 })
    expect(week(2021, 1, 3)).toEqual({ year: 2020, week: 53 })
    expect(week(2026, 1, 1)).toEqual({ year: 2026, week: 1 })
    expect(week(2026, 12, 31)).toEqual({ year: 2026, week: 53 })
    expect(week(2027, 1, 3)).toEqual({ year: 2026, week: 53 })
    expect(week(1969, 12, 29)).toEqual({ year: 1970, week: 1 })
  })
})
