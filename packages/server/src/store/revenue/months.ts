import { periodLabel, periodStart } from '@heed/shared/periods/period'

/** The month ('YYYY-MM') holding an instant in the project's time zone: the month whose rate values it. */
export const monthOf = (at: number, timeZone: string): string =>
  periodLabel(periodStart(new Date(at), 'month', timeZone), 'month', timeZone)

/** The instant the month holding `at` starts, in a time zone. */
export const monthStartOf = (at: number, timeZone: string): number =>
  periodStart(new Date(at), 'month', timeZone).getTime()
