import type { AccountSummary } from '../../../store/accounts/list'

const iso = (time: number) => new Date(time).toISOString()

/** NPS −100..100 to one decimal from an account's bucket counts; null without answers. */
export const npsOf = (counts: { answers: number; promoters: number; detractors: number }) =>
  counts.answers === 0
    ? null
    : Math.round((1000 * (counts.promoters - counts.detractors)) / counts.answers) / 10

/** An account as the list and the export give it. */
export const accountSummaryJson = ({
  sortKey: _sortKey,
  sortText: _sortText,
  ...account
}: AccountSummary) => ({
  ...account,
  firstSeen: iso(account.firstSeen),
  lastSeen: iso(account.lastSeen),
  health: account.health && { ...account.health, computedAt: iso(account.health.computedAt) },
  stage: account.stage && { ...account.stage, since: iso(account.stage.since) },
  nps: { ...account.nps, score: npsOf(account.nps) },
})
