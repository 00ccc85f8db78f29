import { sql } from 'kysely'
import type { HeedDatabase } from '../db/open'

/*
 * Reach and themes over raw rows: distinct people cannot be summed from the 15-minute rollups, and themes
 * live on the comments' tags. Both read the range of a scope through (project_id, survey_id, created_at).
 */

/** Some surveys of a project, answered in [from, to). */
export interface RangeScope {
  projectId: string
  surveyIds: readonly string[]
  from: number
  to: number
}

/**
 * Participation: people who answered with a score / people shown a survey, over the same range and surveys.
 * A person is their user id when identified, else the browser's anonymous id. `rate` is null when nobody was
 * shown a survey. See docs/metrics.md.
 */
export interface Participation {
  respondents: number
  shown: number
  rate: number | null
}

export async function participation(database: HeedDatabase, scope: RangeScope): Promise<Participation> {
  if (scope.surveyIds.length === 0) return { respondents: 0, shown: 0, rate: null }
  const person = sql`coalesce(person_id, anonymous_id)`
  const [respondents, shown] = await Promise.all([
    database.reads
      .selectFrom('responses')
      .select(sql<number | string>`count(distinct ${person})`.as('people'))
      .where('project_id', '=', scope.projectId)
      .where('survey_id', 'in', scope.surveyIds)
      .where('created_at', '>=', scope.from)
      .where('created_at', '<', scope.to)
      .where('score', 'is not', null)
      .executeTakeFirst(),
    database.reads
      .selectFrom('displays')
      .select(sql<number | string>`count(distinct ${person})`.as('people'))
      .where('project_id', '=', scope.projectId)
      .where('survey_id', 'in', scope.surveyIds)
      .where('created_at', '>=', scope.from)
      .where('created_at', '<', scope.to)
      .executeTakeFirst(),
  ])
  const answered = Number(respondents?.people ?? 0)
  const people = Number(shown?.people ?? 0)
  return { respondents: answered, shown: people, rate: people === 0 ? null : answered / people }
}

/** A theme's share of the range's comments. */
export interface ThemeCount {
  theme: string
  /** Commented answers tagged with the theme. */
  answers: number
  /** Of those, the ones whose comment is negative. */
  negative: number
  /** answers / every commented answer of the range (a comment may have several themes). */
  share: number
}

/**
 * The themes of the range's commented answers, most frequent first (ties by key), at most `limit`, with the
 * number of commented answers they are shares of.
 */
export async function topThemes(
  database: HeedDatabase,
  scope: RangeScope,
  limit: number,
): Promise<{ comments: number; themes: ThemeCount[] }> {
  if (scope.surveyIds.length === 0) return { comments: 0, themes: [] }
  const inScope = sql`responses.project_id = ${scope.projectId}
    and responses.survey_id in (${sql.join(scope.surveyIds)})
    and responses.created_at >= ${scope.from} and responses.created_at < ${scope.to}
    and responses.comment is not null`
  const themeRows =
    database.dialect === 'postgres'
      ? sql`cross join lateral jsonb_array_elements_text(tags.themes::jsonb) as theme(value)`
      : sql`join json_each(tags.themes) as theme`
  const [total, rows] = await Promise.all([
    sql<{ comments: number | string }>`select count(*) as comments from responses where ${inScope}`.execute(
      database.reads,
    ),
    sql<{ theme: string; answers: number | string; negative: number | string }>`
      select theme.value as theme, count(*) as answers,
        sum(case when tags.sentiment = 'negative' then 1 else 0 end) as negative
      from responses
      join response_tags as tags on tags.project_id = responses.project_id and tags.response_id = responses.id
      ${themeRows}
      where ${inScope}
      group by theme.value
      order by count(*) desc, theme.value
      limit ${limit}`.execute(database.reads),
  ])
  const comments = Number(total.rows[0]?.comments ?? 0)
  return {
    comments,
    themes: rows.rows.map((row) => ({
      theme: String(row.theme),
      answers: Number(row.answers),
      negative: Number(row.negative),
      share: comments === 0 ? 0 : Number(row.answers) / comments,
    })),
  }
}
