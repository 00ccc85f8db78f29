import { describe, expect, it } from 'vitest'
import { DAY_FIELD, dayIndexAt, firstDayOfMonth, hoursAt, monthOfDay, monthRowsOf } from './months'

const day = (iso: string) => Date.parse(iso) / 86_400_000

describe('month rows of activity', () => {
  it('numbers months from January 1970 and finds their first days, across years', () => {
    expect(monthOfDay(0)).toBe(0)
    expect(monthOfDay(day('2026-02-28'))).toBe(56 * 12 + 1)
    expect(firstDayOfMonth(56 * 12 + 1)).toBe(day('2026-02-01'))
    expect(firstDayOfMonth(monthOfDay(day('2026-12-31')) + 1)).toBe(day('2027-01-01'))
  })

  it('lists active days in day order, whatever order they come in, a day given again replacing its hours', () => {
    const rows = monthRowsOf(
      [
        { day: day('2026-03-06'), person: 'ann', account: 'acct-a', hours: 0b1 },
        { day: day('2026-03-01'), person: 'ann', account: 'acct-a', hours: 2 ** 23 },
        { day: day('2026-03-06'), person: 'ann', account: 'acct-a', hours: 0b11 },
        { day: day('2026-04-01'), person: 'ann', account: 'acct-a', hours: 0xabcdef },
      ],
      // A stored text for March with the 3rd: the new days go around it.
      new Map([[`${monthOfDay(day('2026-03-01'))}\u0000ann\u0000acct-a`, '02000010']]),
    )
    const [march, april] = [...rows.values()]
    expect(march?.text).toBe('00800000' + '02000010' + '05000003')
    expect(april?.text).toBe('00abcdef')
    const text = march?.text ?? ''
    const days = Array.from({ length: text.length / DAY_FIELD }, (_, i) => [
      dayIndexAt(text, i * DAY_FIELD),
      hoursAt(text, i * DAY_FIELD),
    ])
    expect(days).toEqual([
      [0, 2 ** 23],
      [2, 16],
      [5, 3],
    ])
  })
})
