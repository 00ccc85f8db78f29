import { describe, expect, it } from 'vitest'
import { formatActive, formatDuration, formatPeriodStart } from './figures'

describe('usage figures as the dashboard shows them', () => {
  it('keeps a decimal on small mean counts only', () => {
    expect(formatActive(0.5161)).toBe('0.5')
    expect(formatActive(3)).toBe('3')
    expect(formatActive(9.96)).toBe('10.0')
    expect(formatActive(12.4)).toBe('12')
    expect(formatActive(1234)).toBe('1,234')
  })

  it('shows durations in the units a person reads them in', () => {
    expect(formatDuration(null)).toBe('—')
    expect(formatDuration(44_600)).toBe('45 s')
    expect(formatDuration(555_178)).toBe('9 min 15 s')
    expect(formatDuration(600_000)).toBe('10 min')
    expect(formatDuration(3_900_000)).toBe('1 h 05 min')
  })

  it('labels a period by its start in the zone it was cut in', () => {
    // Midnight of 1 December in Berlin is still 30 November in UTC.
    expect(formatPeriodStart('2026-11-30T23:00:00.000Z', 'month', 'Europe/Berlin')).toBe('Dec 2026')
    expect(formatPeriodStart('2026-11-30T23:00:00.000Z', 'day', 'Europe/Berlin')).toBe('Dec 1')
    expect(formatPeriodStart('2026-11-30T23:00:00.000Z', 'week', 'UTC')).toBe('Nov 30')
  })
})
