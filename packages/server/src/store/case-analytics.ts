import { bucketOf } from '@heed/shared/scores/buckets'
import type { SurveyKind } from '@heed/shared/scores/scales'
import { summarize } from '@heed/shared/scores/summary'
import { type RawBuilder, sql } from 'kysely'
import type { HeedDatabase } from '../db/open'
import { periodIndex } from './score-queries'

/*
 * Root-cause analytics of follow-up cases, counted in SQL per period (a range is one period); JavaScript
 * only adds up the counts and turns score counts into scores with shared's `summarize`.
 *
 * The base is the detractor answers of the range (by answer time), whether or not they have a case yet:
 * answers from before cases existed count as detractors without a root cause. An answer that stopped
 * being a detractor keeps its case, but no longer counts among detractors.
 */

/**
 * The answer that makes a detractor "recovered" when the same person gives it later to a survey of the same
 * kind: 7+ on NPS (no longer a detractor), 4+ on CSAT (satisfied), 5+ on CES (easy).
 */
export const RECOVERY_SCORE: Record<SurveyKind, number> = { nps: 7, csat: 4, ces: 5 }

const HOUR_MS = 3_600_000

/** Which answers: some surveys of one kind, in consecutive periods [bounds[i], bounds[i + 1]). */
export interface AnalyticsScope {
  projectId: string
  kind: SurveyKind
  surveyIds: readonly string[]
  bounds: readonly number[]
}

export interface ParetoEntry {
  rootCause: string
  /** Detractor answers whose case has this root cause. */
  count: number
  /** Of the detractors with a root cause. */
  share: number
  /** This root cause's share and those of every more frequent one. */
  cumulativeShare: number
}

export interface RootCauseImpact {
  rootCause: string
  /** Answers (of any score) whose case has this root cause. */
  responses: number
  /** The kind's score of the period without those answers; null when nothing else is left. */
  scoreWithout: number | null
  /** How many points the score would gain without them: scoreWithout − score. */
  impact: number | null
}

export interface RootCauseStats {
  detractors: number
  /** Detractors that have a case (answers from before cases existed have none). */
  cases: number
  withRootCause: number
  /** withRootCause / detractors; null without detractors. */
  rootCauseShare: number | null
  /** Most frequent first, ties by key. */
  pareto: ParetoEntry[]
  followUp: {
    contacted: number
    /** First contacted by the case's due time. */
    contactedWithinSla: number
    /** contactedWithinSla / detractors. */
    rateWithinSla: number | null
    medianHoursToFirstContact: number | null
    /** Over resolved cases (not those closed as won't fix). */
    medianHoursToResolution: number | null
  }
  recovered: {
    /** Identified people with a detractor answer in the period: anonymous answers cannot be followed. */
    detractorCustomers: number
    /** Of those, people whose answer after their last detractor answer of the period reached RECOVERY_SCORE. */
    customers: number
    share: number | null
  }
  /** The kind's headline score of all the period's answers; null without answers. */
  score: number | null
  /**
   * Every root cause with answers in the period, in the pareto's order (those whose answers are no longer
   * detractors' last).
   */
  impact: RootCauseImpact[]
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null)

/** A period's index for an answer's time, and the condition that an answer is in scope. */
function scopeSql(scope: AnalyticsScope) {
  const first = scope.bounds[0]
  const last = scope.bounds[scope.bounds.length - 1]
  return {
    period: periodIndex('r.created_at', scope.bounds),
    inScope: sql`r.project_id = ${scope.projectId} AND r.survey_id IN (${sql.join(scope.surveyIds)})
      AND r.created_at >= ${first} AND r.created_at < ${last}`,
  }
}

const JOIN_CASE = sql`cases c ON c.project_id = r.project_id AND c.response_id = r.id`

interface CaseCountsRow {
  period: number
  detractors: number
  cases: number
  with_root_cause: number
  contacted: number
  within_sla: number
}

function caseCounts(database: HeedDatabase, scope: AnalyticsScope) {
  const { period, inScope } = scopeSql(scope)
  return sql<CaseCountsRow>`SELECT ${period} AS period, COUNT(*) AS detractors, COUNT(c.id) AS cases,
    COUNT(c.root_cause) AS with_root_cause, COUNT(c.first_contact_at) AS contacted,
    SUM(CASE WHEN c.first_contact_at <= c.due_at THEN 1 ELSE 0 END) AS within_sla
    FROM responses r LEFT JOIN ${JOIN_CASE}
    WHERE ${inScope} AND r.bucket = 'detractor' GROUP BY 1`.execute(database.reads)
}

/** Answers per (period, root cause, score) for answers whose case has a root cause, and per (period, score) for all. */
function scoreCounts(database: HeedDatabase, scope: AnalyticsScope) {
  const { period, inScope } = scopeSql(scope)
  return sql<{ period: number; root_cause: string | null; score: number; n: number }>`
    SELECT ${period} AS period, NULL AS root_cause, r.score, COUNT(*) AS n FROM responses r
    WHERE ${inScope} AND r.score IS NOT NULL GROUP BY 1, 3
    UNION ALL
    SELECT ${period} AS period, c.root_cause, r.score, COUNT(*) AS n FROM responses r JOIN ${JOIN_CASE}
    WHERE ${inScope} AND r.score IS NOT NULL AND c.root_cause IS NOT NULL GROUP BY 1, 2, 3`.execute(
    database.reads,
  )
}

/**
 * Medians per period of the hours from the answer to the first contact and to the resolution, in SQL: the
 * middle row (or the mean of the two middle rows) of each period's durations in order.
 */
function medianDurations(database: HeedDatabase, scope: AnalyticsScope) {
  const { period, inScope } = scopeSql(scope)
  const durations = (measure: string, end: RawBuilder<unknown>, condition: RawBuilder<unknown>) =>
    sql`SELECT ${period} AS period, ${sql.lit(measure)} AS measure, ${end} - c.created_at AS ms
      FROM responses r JOIN ${JOIN_CASE} WHERE ${inScope} AND r.bucket = 'detractor' AND ${condition}`
  return sql<{ period: number; measure: 'contact' | 'resolution'; ms: number }>`
    WITH durations AS (
      ${durations('contact', sql`c.first_contact_at`, sql`c.first_contact_at IS NOT NULL`)}
      UNION ALL
      ${durations('resolution', sql`c.resolved_at`, sql`c.status = 'resolved'`)}
    ), ranked AS (
      SELECT period, measure, ms, ROW_NUMBER() OVER (PARTITION BY period, measure ORDER BY ms) AS i,
        COUNT(*) OVER (PARTITION BY period, measure) AS n
      FROM durations
    )
    SELECT period, measure, AVG(ms) AS ms FROM ranked WHERE i IN ((n + 1) / 2, (n + 2) / 2)
    GROUP BY period, measure`.execute(database.reads)
}

/** Per period: identified detractors, and those whose next answer of the kind after the last detractor answer recovered. */
function recoveredCounts(database: HeedDatabase, scope: AnalyticsScope) {
  const { period, inScope } = scopeSql(scope)
  return sql<{ period: number; customers: number; recovered: number }>`
    WITH last_detractor AS (
      SELECT ${period} AS period, r.person_id, MAX(r.created_at) AS at FROM responses r
      WHERE ${inScope} AND r.bucket = 'detractor' AND r.person_id IS NOT NULL GROUP BY 1, 2
    )
    SELECT d.period, COUNT(*) AS customers, SUM(CASE WHEN EXISTS (
      SELECT 1 FROM responses later WHERE later.project_id = ${scope.projectId} AND later.person_id = d.person_id
      AND later.created_at > d.at AND later.score >= ${RECOVERY_SCORE[scope.kind]}
      AND later.survey_id IN (SELECT id FROM surveys WHERE project_id = ${scope.projectId} AND kind = ${scope.kind})
    ) THEN 1 ELSE 0 END) AS recovered
    FROM last_detractor d GROUP BY d.period`.execute(database.reads)
}

const scoreOf = (kind: SurveyKind, counts: Record<number, number>) => {
  const summary = summarize(kind, counts)
  return summary.status === 'no_data' ? null : summary.score.value
}

type ScoreTally = Record<number, number>

/** Answers of one root cause in one period: per score, detractors among them, and all of them. */
interface CauseTally {
  rootCause: string
  counts: ScoreTally
  detractors: number
  responses: number
}

function addTo(tally: ScoreTally, score: number, n: number): void {
  tally[score] = (tally[score] ?? 0) + n
}

/** The score counts of each period: of all answers, and of each root cause's answers, most detractors first. */
function scoreTallies(
  kind: SurveyKind,
  rows: readonly { period: number; root_cause: string | null; score: number; n: number }[],
  periods: number,
): { all: ScoreTally; causes: CauseTally[] }[] {
  const tallies = Array.from({ length: periods }, () => ({
    all: {} as ScoreTally,
    causes: new Map<string, CauseTally>(),
  }))
  for (const row of rows) {
    const tally = tallies[Number(row.period)]
    if (!tally) continue
    const [score, n] = [Number(row.score), Number(row.n)]
    if (row.root_cause === null) {
      addTo(tally.all, score, n)
      continue
    }
    let cause = tally.causes.get(row.root_cause)
    if (!cause) {
      cause = { rootCause: row.root_cause, counts: {}, detractors: 0, responses: 0 }
      tally.causes.set(row.root_cause, cause)
    }
    addTo(cause.counts, score, n)
    cause.responses += n
    if (bucketOf(kind, score) === 'detractor') cause.detractors += n
  }
  return tallies.map(({ all, causes }) => ({
    all,
    causes: [...causes.values()].sort(
      (a, b) => b.detractors - a.detractors || (a.rootCause < b.rootCause ? -1 : 1),
    ),
  }))
}

function paretoOf(causes: readonly CauseTally[], withRootCause: number): ParetoEntry[] {
  let cumulative = 0
  return causes
    .filter((cause) => cause.detractors > 0)
    .map((cause) => {
      cumulative += cause.detractors
      return {
        rootCause: cause.rootCause,
        count: cause.detractors,
        share: cause.detractors / withRootCause,
        cumulativeShare: cumulative / withRootCause,
      }
    })
}

/** The score without each root cause's answers: all the counts less that cause's. */
function impactOf(kind: SurveyKind, all: ScoreTally, causes: readonly CauseTally[]): RootCauseImpact[] {
  const score = scoreOf(kind, all)
  return causes.map((cause) => {
    const without: ScoreTally = { ...all }
    for (const [value, n] of Object.entries(cause.counts)) addTo(without, Number(value), -n)
    const scoreWithout = scoreOf(kind, without)
    return {
      rootCause: cause.rootCause,
      responses: cause.responses,
      scoreWithout,
      impact: score === null || scoreWithout === null ? null : scoreWithout - score,
    }
  })
}

/** Root-cause statistics of each period of the scope. */
export async function rootCauseStats(
  database: HeedDatabase,
  scope: AnalyticsScope,
): Promise<RootCauseStats[]> {
  const periods = Math.max(0, scope.bounds.length - 1)
  if (scope.surveyIds.length === 0) return Array.from({ length: periods }, emptyRootCauseStats)
  const [cases, scores, medians, recovered] = await Promise.all([
    caseCounts(database, scope),
    scoreCounts(database, scope),
    medianDurations(database, scope),
    recoveredCounts(database, scope),
  ])

  const stats = Array.from({ length: periods }, emptyRootCauseStats)
  for (const row of cases.rows) {
    const period = stats[Number(row.period)]
    if (!period) continue
    period.detractors = Number(row.detractors)
    period.cases = Number(row.cases)
    period.withRootCause = Number(row.with_root_cause)
    period.followUp.contacted = Number(row.contacted)
    period.followUp.contactedWithinSla = Number(row.within_sla ?? 0)
  }
  for (const row of medians.rows) {
    const period = stats[Number(row.period)]
    if (!period) continue
    const hours = Number(row.ms) / HOUR_MS
    if (row.measure === 'contact') period.followUp.medianHoursToFirstContact = hours
    else period.followUp.medianHoursToResolution = hours
  }
  for (const row of recovered.rows) {
    const period = stats[Number(row.period)]
    if (!period) continue
    period.recovered.detractorCustomers = Number(row.customers)
    period.recovered.customers = Number(row.recovered ?? 0)
  }

  const tallies = scoreTallies(scope.kind, scores.rows, periods)
  return stats.map((period, index) => {
    const { all, causes } = tallies[index] ?? { all: {}, causes: [] }
    return {
      ...period,
      rootCauseShare: ratio(period.withRootCause, period.detractors),
      pareto: paretoOf(causes, period.withRootCause),
      followUp: {
        ...period.followUp,
        rateWithinSla: ratio(period.followUp.contactedWithinSla, period.detractors),
      },
      recovered: {
        ...period.recovered,
        share: ratio(period.recovered.customers, period.recovered.detractorCustomers),
      },
      score: scoreOf(scope.kind, all),
      impact: impactOf(scope.kind, all, causes),
    }
  })
}

/** The statistics of a period without answers. */
export function emptyRootCauseStats(): RootCauseStats {
  return {
    detractors: 0,
    cases: 0,
    withRootCause: 0,
    rootCauseShare: null,
    pareto: [],
    followUp: {
      contacted: 0,
      contactedWithinSla: 0,
      rateWithinSla: null,
      medianHoursToFirstContact: null,
      medianHoursToResolution: null,
    },
    recovered: { detractorCustomers: 0, customers: 0, share: null },
    score: null,
    impact: [],
  }
}
