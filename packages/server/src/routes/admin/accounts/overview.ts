import { PERIOD_UNITS } from '@heed/shared/periods/period'
import { instantFromWallClock } from '@heed/shared/periods/time-zone'
import { ZTimestamp } from '@heed/shared/schemas/timestamp'
import { SURVEY_KINDS } from '@heed/shared/scores/scales'
import { summarize } from '@heed/shared/scores/summary'
import { z } from 'zod'
import type { HeedDatabase } from '../../../db/open'
import { invalidField, notFound } from '../../../errors'
import { pageOf, pageParameters } from '../../../http/pagination'
import { accountFeatureStatuses } from '../../../store/accounts/feature-status'
import { listAccountSummaries } from '../../../store/accounts/list'
import { accountPeople, accountScoreCounts, healthDays, stageHistory } from '../../../store/accounts/overview'
import { bandChanges, storedTimeline, type TimelineEntry } from '../../../store/accounts/timeline'
import { isOverdue, listCases } from '../../../store/case-queries'
import { latestHealth } from '../../../store/health/latest'
import { findAccount } from '../../../store/people-queries'
import { listAccountChanges } from '../../../store/revenue/ledger'
import { accountActivity } from '../../../store/usage/account-activity'
import { getCatalogue } from '../../../store/usage/catalogue'
import { trendPeriods, ZTimeZone } from '../scores'
import { accountSummaryJson } from './json'

const TIMELINE = 'account-timeline'
const DAY_MS = 86_400_000
/** Cases listed in an overview, soonest due first; the cases list filtered by account has them all. */
const OVERVIEW_CASES = 100
const ZInstant = ZTimestamp.transform((text) => Date.parse(text))

export const ZAccountOverviewQuery = z
  .strictObject({
    period: z.enum(PERIOD_UNITS).default('month'),
    from: ZInstant.optional(),
    to: ZInstant.optional(),
    timeZone: ZTimeZone.optional(),
    ...pageParameters(TIMELINE),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.to > q.from, {
    path: ['to'],
    error: 'must be later than from',
  })

type OverviewQuery = z.output<typeof ZAccountOverviewQuery>

const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString())

/** The instant a 'YYYY-MM-DD' of the zone begins: what a day's snapshot is placed at in the timeline. */
const dayStart = (day: string, timeZone: string) =>
  instantFromWallClock(Date.parse(`${day}T00:00:00Z`), timeZone)

/** The date 30 days before a 'YYYY-MM-DD'. */
const thirtyDaysBefore = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - 30 * DAY_MS).toISOString().slice(0, 10)

const timelineJson = (entry: TimelineEntry) => ({ ...entry, at: iso(entry.at) })

/**
 * Everything about one account on one page: its summary (owner, health, stage, MRR, NPS), the health
 * explanation and daily history, stage history, revenue changes, scores per period, people with their latest
 * answer, cases, feature usage of the last 30 days and each catalogue feature's status (see feature-status),
 * and one timeline of what happened, paged by cursor.
 */
export async function accountOverview(
  database: HeedDatabase,
  project: { id: string; timeZone: string },
  accountId: string,
  query: OverviewQuery,
  now: number,
) {
  const projectId = project.id
  const account = await findAccount(database, projectId, accountId)
  if (!account) throw notFound('account')
  const timeZone = query.timeZone ?? project.timeZone
  const to = query.to ?? now
  const from = query.from ?? to - 365 * DAY_MS
  if (from >= to)
    throw invalidField('from', 'must be earlier than to, which defaults to now', 'invalid_query')
  const periods = trendPeriods({ from, to }, query.period, timeZone)
  const bounds = [...periods.map((period) => period.start.getTime()), periods.at(-1)?.end.getTime() ?? to]

  const [summaries, health, days, stages, changes, counts, people, cases, activity, stored, catalogue] =
    await Promise.all([
      listAccountSummaries(
        database,
        projectId,
        { id: accountId },
        { sort: 'lastActivity', order: 'desc', npsWindow: {}, now, timeZone: project.timeZone },
        { limit: 1 },
      ),
      latestHealth(database.reads, projectId, [accountId]),
      healthDays(database, projectId, accountId),
      stageHistory(database, projectId, accountId),
      listAccountChanges(database, projectId, accountId),
      accountScoreCounts(database, projectId, accountId, bounds),
      accountPeople(database, projectId, accountId),
      listCases(database, projectId, { accountId }, { limit: OVERVIEW_CASES }, now),
      accountActivity(database, projectId, { asOf: now, accountIds: [accountId] }),
      storedTimeline(database, projectId, accountId, { limit: query.limit + 1, after: query.cursor }),
      getCatalogue(database, projectId),
    ])
  const features = await accountFeatureStatuses(
    database,
    projectId,
    accountId,
    catalogue.features,
    account.traits.plan,
    now,
  )

  // Health band changes come from the daily snapshots (a year at most), merged into the stored page.
  const after = query.cursor
  const bandEntries = bandChanges(days, (day) => dayStart(day, timeZone)).filter(
    (entry) => after === undefined || entry.at < after.at || (entry.at === after.at && entry.key < after.id),
  )
  const merged = [...stored, ...bandEntries].sort(
    (a, b) => b.at - a.at || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0),
  )
  const timeline = pageOf(TIMELINE, merged.slice(0, query.limit + 1), query.limit, (entry) => ({
    at: entry.at,
    id: entry.key,
  }))

  const latest = health.get(accountId)
  const lastDay = days.at(-1)
  const monthAgo = lastDay && days.find((day) => day.day === thirtyDaysBefore(lastDay.day))
  const [summary] = summaries
  const usage = activity[0]

  return {
    account: {
      ...(summary ? accountSummaryJson(summary) : {}),
      id: account.id,
      traits: account.traits,
      firstSeen: iso(account.firstSeen),
      lastSeen: iso(account.lastSeen),
      personCount: account.personCount,
      responseCount: account.responseCount,
    },
    health: latest
      ? {
          score: latest.score,
          band: latest.band,
          computedAt: iso(latest.computedAt),
          explanation: latest.explanation,
          // The change since the snapshot 30 days before the latest one, when both have a score.
          trend: {
            thirtyDaysAgo: monthAgo?.score ?? null,
            change: monthAgo?.score != null && lastDay?.score != null ? lastDay.score - monthAgo.score : null,
          },
          history: days,
        }
      : { score: null, band: null, computedAt: null, explanation: null, trend: null, history: days },
    stages: stages.map((span) => ({ ...span, startedAt: iso(span.startedAt), endedAt: iso(span.endedAt) })),
    revenue: {
      mrr: summary?.mrr ?? null,
      changes: changes.map((change) => ({ ...change, at: iso(change.at), renewsAt: iso(change.renewsAt) })),
    },
    scores: {
      period: query.period,
      timeZone,
      periods: periods.map((period, index) => ({
        label: period.label,
        start: period.start.toISOString(),
        end: period.end.toISOString(),
        ...Object.fromEntries(
          SURVEY_KINDS.map((kind) => {
            const scores: Record<number, number> = {}
            for (const row of counts) {
              if (row.kind === kind && row.period === index)
                scores[row.score] = (scores[row.score] ?? 0) + row.n
            }
            return [kind, summarize(kind, scores)]
          }),
        ),
      })),
    },
    people: people.map((person) => ({
      ...person,
      lastSeen: iso(person.lastSeen),
      latestAnswer: person.latestAnswer && { ...person.latestAnswer, at: iso(person.latestAnswer.at) },
    })),
    cases: cases.map((record) => ({
      id: record.id,
      status: record.status,
      owner: record.owner,
      rootCause: record.rootCause,
      overdue: isOverdue(record, now),
      dueAt: iso(record.dueAt),
      firstContactAt: iso(record.firstContactAt),
      resolvedAt: iso(record.resolvedAt),
      createdAt: iso(record.createdAt),
      response: record.response,
    })),
    usage: usage ?? null,
    features: features.map((feature) => ({ ...feature, lastUsedAt: iso(feature.lastUsedAt) })),
    timeline: { entries: timeline.items.map(timelineJson), nextCursor: timeline.nextCursor },
  }
}
