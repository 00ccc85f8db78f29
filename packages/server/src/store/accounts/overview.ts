import type { SurveyKind } from '@heed/shared/scores/scales'
import { sql } from 'kysely'
import type { HeedDatabase } from '../../db/open'
import type { HealthBand, LifecycleStageName } from '../../db/schema'
import { parseJsonObject } from '../json'
import { periodIndex } from '../score-queries'

/** People listed in an overview: the account's most recently seen; the persons list has the rest. */
export const OVERVIEW_PEOPLE = 100
/** Daily health snapshots in an overview: a year. */
export const OVERVIEW_HEALTH_DAYS = 366

/** Answers of the account per survey kind, period and score value, in [bounds[0], bounds.at(-1)). */
export async function accountScoreCounts(
  database: HeedDatabase,
  projectId: string,
  accountId: string,
  bounds: readonly number[],
): Promise<{ kind: SurveyKind; period: number; score: number; n: number }[]> {
  const { rows } = await sql<{
    kind: SurveyKind
    period: number | string
    score: number | string
    n: number | string
  }>`
    SELECT v.kind, ${periodIndex('r.created_at', bounds)} AS period, r.score, COUNT(*) AS n
    FROM responses r JOIN surveys v ON v.project_id = r.project_id AND v.id = r.survey_id
    WHERE r.project_id = ${projectId} AND r.account_id = ${accountId} AND r.score IS NOT NULL
      AND r.created_at >= ${bounds[0]} AND r.created_at < ${bounds[bounds.length - 1]}
    GROUP BY 1, 2, 3`.execute(database.reads)
  return rows.map((row) => ({
    kind: row.kind,
    period: Number(row.period),
    score: Number(row.score),
    n: Number(row.n),
  }))
}

export interface AccountPerson {
  id: string
  traits: Record<string, unknown>
  lastSeen: number
  latestAnswer: {
    responseId: string
    surveyId: string
    kind: SurveyKind
    score: number | null
    comment: string | null
    at: number
  } | null
}

/** The account's most recently seen people, each with their latest answer to any survey. */
export async function accountPeople(
  database: HeedDatabase,
  projectId: string,
  accountId: string,
): Promise<AccountPerson[]> {
  const persons = await database.reads
    .selectFrom('persons')
    .select(['id', 'traits', 'last_seen'])
    .where('project_id', '=', projectId)
    .where('account_id', '=', accountId)
    .orderBy('last_seen', 'desc')
    .orderBy('id', 'desc')
    .limit(OVERVIEW_PEOPLE)
    .execute()
  if (persons.length === 0) return []
  const { rows } = await sql<{
    person_id: string
    id: string
    survey_id: string
    kind: SurveyKind
    score: number | null
    comment: string | null
    created_at: number | string
  }>`
    SELECT person_id, id, survey_id, kind, score, comment, created_at FROM (
      SELECT r.person_id, r.id, r.survey_id, v.kind, r.score, r.comment, r.created_at,
        ROW_NUMBER() OVER (PARTITION BY r.person_id ORDER BY r.created_at DESC, r.id DESC) AS position
      FROM responses r JOIN surveys v ON v.project_id = r.project_id AND v.id = r.survey_id
      WHERE r.project_id = ${projectId} AND r.person_id IN (${sql.join(persons.map((p) => p.id))})
    ) AS ranked WHERE position = 1`.execute(database.reads)
  const latest = new Map(rows.map((row) => [row.person_id, row]))
  return persons.map((person) => {
    const answer = latest.get(person.id)
    return {
      id: person.id,
      traits: parseJsonObject(person.traits),
      lastSeen: Number(person.last_seen),
      latestAnswer: answer
        ? {
            responseId: answer.id,
            surveyId: answer.survey_id,
            kind: answer.kind,
            score: answer.score === null ? null : Number(answer.score),
            comment: answer.comment,
            at: Number(answer.created_at),
          }
        : null,
    }
  })
}

/** The account's daily health snapshots of the last year, oldest first. */
export async function healthDays(
  database: HeedDatabase,
  projectId: string,
  accountId: string,
): Promise<{ day: string; score: number | null; band: HealthBand | null }[]> {
  const rows = await database.reads
    .selectFrom('account_health_days')
    .select(['day', 'score', 'band'])
    .where('project_id', '=', projectId)
    .where('account_id', '=', accountId)
    .orderBy('day', 'desc')
    .limit(OVERVIEW_HEALTH_DAYS)
    .execute()
  return rows
    .reverse()
    .map((row) => ({ day: row.day, score: row.score === null ? null : Number(row.score), band: row.band }))
}

export interface StageSpan {
  stage: LifecycleStageName
  startedAt: number
  endedAt: number | null
  source: 'rule' | 'manual'
  reason: string | null
  setBy: string | null
}

/** Every stage the account went through, oldest first. */
export async function stageHistory(
  database: HeedDatabase,
  projectId: string,
  accountId: string,
): Promise<StageSpan[]> {
  const rows = await database.reads
    .selectFrom('account_stage_history')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('account_id', '=', accountId)
    .orderBy('started_at')
    .execute()
  return rows.map((row) => ({
    stage: row.stage,
    startedAt: Number(row.started_at),
    endedAt: row.ended_at === null ? null : Number(row.ended_at),
    source: row.source,
    reason: row.reason,
    setBy: row.set_by,
  }))
}
