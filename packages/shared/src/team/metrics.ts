/**
 * The customer-success team's own metrics, per CS manager (an account's `owner` trait) and for the team.
 * The server counts in SQL; these functions turn the counts into the figures. Definitions: docs/metrics.md,
 * "The CS team's own metrics".
 */

/** A share with what it was computed from; `rate` is null when there was nothing to divide by. */
export interface Share {
  part: number
  whole: number
  rate: number | null
}

export function shareOf(part: number, whole: number): Share {
  if (!Number.isSafeInteger(part) || !Number.isSafeInteger(whole) || part < 0 || part > whole) {
    throw new RangeError(`a share needs 0 <= part <= whole, got ${part} of ${whole}`)
  }
  return { part, whole, rate: whole === 0 ? null : part / whole }
}

/** The median of some durations; the mean of the two middle values for an even count; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  const upper = sorted[middle] as number
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2
}

/** What the server counts for one CS manager (or the team) over one period. */
export interface PeriodCounts {
  /** Accounts asked in the period: one of their people was shown a survey, or they answered one. */
  accountsAsked: number
  /** Of those, accounts with at least one answer in the period. */
  accountsAnswered: number
  /** Detractor follow-up cases opened in the period. */
  casesOpened: number
  /** Of those, cases first contacted by their due time (the project's follow-up SLA). */
  casesContactedInSla: number
  /** Of those opened, cases that have a root cause now. */
  casesWithRootCause: number
  /** Cases resolved in the period (not those closed as won't fix). */
  casesResolved: number
  /** Of those, cases resolved with a single contact: they never went back to `contacted` a second time. */
  casesResolvedFirstContact: number
  /** Hours from opening to first contact of the cases opened in the period that were contacted. */
  hoursToFirstContact: readonly number[]
}

export interface PeriodFigures {
  /** Accounts with an answer ÷ accounts asked. */
  participation: Share
  /** Detractor cases first contacted within the SLA ÷ detractor cases opened. */
  followedUpWithinSla: Share
  /** Detractor cases with a root cause ÷ detractor cases opened. */
  rootCauseTagged: Share
  /** Cases resolved with a single contact ÷ cases resolved. */
  firstContactResolution: Share
  /** Median hours from a case's opening to its first contact; null when none was contacted. */
  medianHoursToFirstContact: number | null
}

export function periodFigures(counts: PeriodCounts): PeriodFigures {
  return {
    participation: shareOf(counts.accountsAnswered, counts.accountsAsked),
    followedUpWithinSla: shareOf(counts.casesContactedInSla, counts.casesOpened),
    rootCauseTagged: shareOf(counts.casesWithRootCause, counts.casesOpened),
    firstContactResolution: shareOf(counts.casesResolvedFirstContact, counts.casesResolved),
    medianHoursToFirstContact: median(counts.hoursToFirstContact),
  }
}

/** Counts of several managers (or periods) added up: the team's figures are computed from the sums. */
export function addPeriodCounts(all: readonly PeriodCounts[]): PeriodCounts {
  return {
    accountsAsked: all.reduce((sum, c) => sum + c.accountsAsked, 0),
    accountsAnswered: all.reduce((sum, c) => sum + c.accountsAnswered, 0),
    casesOpened: all.reduce((sum, c) => sum + c.casesOpened, 0),
    casesContactedInSla: all.reduce((sum, c) => sum + c.casesContactedInSla, 0),
    casesWithRootCause: all.reduce((sum, c) => sum + c.casesWithRootCause, 0),
    casesResolved: all.reduce((sum, c) => sum + c.casesResolved, 0),
    casesResolvedFirstContact: all.reduce((sum, c) => sum + c.casesResolvedFirstContact, 0),
    hoursToFirstContact: all.flatMap((c) => c.hoursToFirstContact),
  }
}

export const emptyPeriodCounts = (): PeriodCounts => ({
  accountsAsked: 0,
  accountsAnswered: 0,
  casesOpened: 0,
  casesContactedInSla: 0,
  casesWithRootCause: 0,
  casesResolved: 0,
  casesResolvedFirstContact: 0,
  hoursToFirstContact: [],
})
