import type { Bucket } from '@heed/shared/scores/buckets'
import type { SentimentLabel } from '@heed/shared/text/sentiment'
import { type Expression, type Selectable, type SqlBool, sql } from 'kysely'
import type { DialectName } from '../db/dialect'
import type { HeedDatabase } from '../db/open'
import type { ResponseTable } from '../db/schema'
import { tagSummaries } from './comment-tags'
import { parseJsonObject } from './json'
import { upperBound } from './keyset-bound'

export interface ResponseRecord {
  id: string
  surveyId: string
  score: number | null
  bucket: Bucket | null
  comment: string | null
  personId: string | null
  accountId: string | null
  anonymousId: string
  locale: string | null
  url: string | null
  /** The person's and account's traits as they were when the answer was given. */
  traits: Record<string, unknown>
  createdAt: number
  updatedAt: number
  /** The comment's tags (see response_tags); null and [] for a response without a comment. */
  language: string | null
  sentiment: SentimentLabel | null
  themes: string[]
}

/** Every condition given must hold; a list (buckets, a trait's values) holds when any of its items does. */
export interface ResponseFilter {
  surveyId?: string
  /** Inclusive. */
  from?: number
  /** Exclusive. */
  to?: number
  buckets?: readonly Bucket[]
  hasComment?: boolean
  /** The comment's tagged sentiment: answers without a comment, or in a language not read, have none. */
  sentiment?: SentimentLabel
  /** A theme key the comment is tagged with. */
  theme?: string
  personId?: string
  accountId?: string
  /**
   * Trait name -> accepted values, compared with the snapshot's values as text: `'pro'` matches the string
   * "pro", `'10'` the number 10, `'true'` the boolean true. A trait set to null matches nothing.
   */
  traits?: ReadonlyMap<string, readonly string[]>
}

const toRecord = (row: Selectable<ResponseTable>): ResponseRecord => ({
  id: row.id,
  surveyId: row.survey_id,
  score: row.score,
  bucket: row.bucket,
  comment: row.comment,
  personId: row.person_id,
  accountId: row.account_id,
  anonymousId: row.anonymous_id,
  locale: row.locale,
  url: row.url,
  traits: parseJsonObject(row.traits),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  language: null,
  sentiment: null,
  themes: [],
})

/** The records with their comments' tags, read for the page's ids in one query. */
async function withTags(
  database: HeedDatabase,
  projectId: string,
  records: ResponseRecord[],
): Promise<ResponseRecord[]> {
  const tags = await tagSummaries(
    database,
    projectId,
    records.map((record) => record.id),
  )
  return records.map((record) => ({ ...record, ...tags.get(record.id) }))
}

/**
 * Responses of the project matching the filter, newest first (ties broken by id, descending), starting
 * after `after` when given: keyset pagination, so rows arriving meanwhile neither shift nor repeat a page.
 */
export async function listResponses(
  database: HeedDatabase,
  projectId: string,
  filter: ResponseFilter,
  page: { limit: number; after?: { at: number; id: string } },
): Promise<ResponseRecord[]> {
  let query = database.reads.selectFrom('responses').selectAll().where('project_id', '=', projectId)
  if (filter.surveyId !== undefined) query = query.where('survey_id', '=', filter.surveyId)
  if (filter.from !== undefined) query = query.where('created_at', '>=', filter.from)
  if (filter.buckets !== undefined) query = query.where('bucket', 'in', filter.buckets)
  if (filter.hasComment !== undefined) {
    query = query.where('comment', filter.hasComment ? 'is not' : 'is', null)
  }
  if (filter.sentiment !== undefined || filter.theme !== undefined) {
    query = query.where(tagsMatch(database.dialect, projectId, filter.sentiment, filter.theme))
  }
  if (filter.personId !== undefined) query = query.where('person_id', '=', filter.personId)
  if (filter.accountId !== undefined) query = query.where('account_id', '=', filter.accountId)
  for (const [name, values] of filter.traits ?? []) {
    query = query.where(traitMatches(database.dialect, name, values))
  }
  // The upper bound as one row-value comparison, `to` folded into it: SQLite read and sorted every earlier
  // row for each page when given `created_at < t OR (created_at = t AND id < i)`, or a second bound beside it.
  const before = upperBound(filter.to, page.after)
  if (before !== undefined) {
    query = query.where(sql<SqlBool>`(created_at, id) < (${before.at}, ${before.id})`)
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute()
  return withTags(database, projectId, rows.map(toRecord))
}

export async function findResponse(
  database: HeedDatabase,
  projectId: string,
  id: string,
): Promise<ResponseRecord | undefined> {
  const row = await database.reads
    .selectFrom('responses')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row && (await withTags(database, projectId, [toRecord(row)]))[0]
}

/** Whether the response's comment is tagged with the sentiment and the theme (either may be left out). */
function tagsMatch(
  dialect: DialectName,
  projectId: string,
  sentiment: SentimentLabel | undefined,
  theme: string | undefined,
): Expression<SqlBool> {
  const conditions = [sql`tags.project_id = ${projectId}`, sql`tags.response_id = responses.id`]
  if (sentiment !== undefined) conditions.push(sql`tags.sentiment = ${sentiment}`)
  if (theme !== undefined) {
    conditions.push(
      dialect === 'postgres'
        ? sql`tags.themes::jsonb @> jsonb_build_array(${theme}::text)`
        : sql`exists (select 1 from json_each(tags.themes) as theme where theme.value = ${theme})`,
    )
  }
  return sql<SqlBool>`exists (select 1 from response_tags as tags where ${sql.join(conditions, sql` and `)})`
}

/**
 * Whether the response's trait snapshot has `name` set to one of `values`, compared as text. The name is
 * a bound parameter on both dialects, never part of a JSON path, so any character is safe in it: SQLite
 * looks it up among the snapshot's top-level keys (names such as "account.tier" contain dots).
 */
function traitMatches(dialect: DialectName, name: string, values: readonly string[]): Expression<SqlBool> {
  const accepted = sql.join(values)
  if (dialect === 'postgres') {
    return sql<SqlBool>`(responses.traits::jsonb ->> ${name}::text) in (${accepted})`
  }
  // json_each reports true and false as 1 and 0; spelled out so they compare like PostgreSQL's text.
  return sql<SqlBool>`exists (select 1 from json_each(responses.traits) as trait where trait.key = ${name}
    and (case trait.type when 'true' then 'true' when 'false' then 'false'
      else cast(trait.atom as text) end) in (${accepted}))`
}
