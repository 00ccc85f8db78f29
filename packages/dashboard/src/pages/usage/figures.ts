/**
 * Usage figures as the usage page shows them. Kept beside the page rather than in format.ts, which every
 * first page loads: only this page needs them.
 */

const whole = new Intl.NumberFormat('en', { maximumFractionDigits: 0 })

/**
 * A count of active people or accounts. Mean DAU over a week or month is rarely whole: below ten it keeps
 * one decimal (0.5 a day is not 1, nor 0), above it the decimal is noise.
 */
export function formatActive(value: number): string {
  if (Number.isInteger(value) || value >= 10) return whole.format(value)
  return value.toFixed(1)
}

/** A mean duration: "45 s", "9 min 15 s", "1 h 05 min"; null (no sessions) is "—". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—'
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds} s`
  if (seconds < 3600) {
    const rest = seconds % 60
    return rest === 0 ? `${Math.floor(seconds / 60)} min` : `${Math.floor(seconds / 60)} min ${rest} s`
  }
  const minutes = Math.round(seconds / 60)
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
}

const TICK_FORMATS = {
  day: { month: 'short', day: 'numeric' },
  week: { month: 'short', day: 'numeric' },
  month: { month: 'short', year: 'numeric' },
} as const

/**
 * A period's start as a chart's axis shows it, in the zone its periods were cut in: "Dec 8" for a day or
 * the week starting then, "Dec 2026" for a month.
 */
export function formatPeriodStart(iso: string, unit: keyof typeof TICK_FORMATS, timeZone: string): string {
  return new Intl.DateTimeFormat('en', { ...TICK_FORMATS[unit], timeZone }).format(new Date(iso))
}
