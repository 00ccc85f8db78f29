import type { Rating } from '@heed/shared/text/rating'
import type { SentimentLabel } from '@heed/shared/text/sentiment'
import { tagComment } from '@heed/shared/text/tag-comment'
import type { Theme } from '@heed/shared/text/themes'
import type { HeedDatabase } from '../db/open'
import { query, type SqlWork } from '../db/work'
import { parseJsonArray } from './json'
import { lockRows } from './people'
import { taxonomyWork } from './taxonomy'

/** A response's tags as the API shows them. */
export interface ResponseTags {
  language: string
  supported: boolean
  sentiment: { label: SentimentLabel; score: number | null } | null
  themes: string[]
  /** Which fields a person set, and who last did: those win over every later automatic tagging. */
  corrected: { sentiment: boolean; themes: boolean; by: string | null }
  taggerVersion: string
  updatedAt: number
}

// A person's corrections are kept whatever the taggers find: only uncorrected fields take the new values.
const UPSERT_TAGS = `INSERT INTO response_tags (project_id, response_id, language, supported, sentiment,
sentiment_score, themes, tagger_version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (project_id, response_id) DO UPDATE SET language = excluded.language,
supported = excluded.supported,
sentiment = CASE WHEN response_tags.sentiment_corrected = 1 THEN response_tags.sentiment ELSE excluded.sentiment END,
sentiment_score = CASE WHEN response_tags.sentiment_corrected = 1 THEN response_tags.sentiment_score
  ELSE excluded.sentiment_score END,
themes = CASE WHEN response_tags.themes_corrected = 1 THEN response_tags.themes ELSE excluded.themes END,
tagger_version = excluded.tagger_version, updated_at = excluded.updated_at`

/**
 * Tags a response's comment, in the caller's transaction. `taxonomy` is the project's, loaded before the
 * transaction by callers that cache it (ingest); without it the taxonomy is read here. `rating` is the
 * response's score, if it has one: it weighs in on the comment's sentiment.
 */
export function* tagResponseComment(
  projectId: string,
  responseId: string,
  comment: string,
  taxonomy: readonly Theme[] | undefined,
  now: number,
  rating?: Rating,
): SqlWork<void> {
  const themes = taxonomy ?? (yield* taxonomyWork(projectId))
  const tags = tagComment(comment, themes, rating)
  yield* query(UPSERT_TAGS, [
    projectId,
    responseId,
    tags.language,
    tags.supported ? 1 : 0,
    tags.sentiment?.label ?? null,
    tags.sentiment?.score ?? null,
    JSON.stringify(tags.themes),
    tags.taggerVersion,
    now,
  ])
}

export interface TagCorrection {
  sentiment?: SentimentLabel
  themes?: string[]
  by: string
}

interface TagRow {
  language: string
  supported: number
  sentiment: SentimentLabel | null
  sentiment_score: number | null
  themes: string
  sentiment_corrected: number
  themes_corrected: number
  corrected_by: string | null
  tagger_version: string
  updated_at: number
}

const toTags = (row: TagRow): ResponseTags => ({
  language: row.language,
  supported: row.supported === 1,
  sentiment: row.sentiment === null ? null : { label: row.sentiment, score: row.sentiment_score },
  themes: parseJsonArray(row.themes).filter((theme) => typeof theme === 'string'),
  corrected: {
    sentiment: row.sentiment_corrected === 1,
    themes: row.themes_corrected === 1,
    by: row.corrected_by,
  },
  taggerVersion: row.tagger_version,
  updatedAt: Number(row.updated_at),
})

const TAG_COLUMNS = `language, supported, sentiment, sentiment_score, themes, sentiment_corrected, themes_corrected,
corrected_by, tagger_version, updated_at`

/**
 * A person's correction: the fields given are set and flagged as corrected. A response without a comment
 * (or not tagged yet) gets a row holding just the correction. Undefined when the project has no such response.
 */
export function correctTags(
  database: HeedDatabase,
  projectId: string,
  responseId: string,
  correction: TagCorrection,
  now: number,
): Promise<ResponseTags | undefined> {
  return database.transact(function* (dialect) {
    const response = yield* query(
      `SELECT id FROM responses WHERE project_id = ? AND id = ?${lockRows(dialect)}`,
      [projectId, responseId],
    )
    if (response.rows.length === 0) return undefined
    yield* query(
      `INSERT INTO response_tags (project_id, response_id, updated_at) VALUES (?, ?, ?)
ON CONFLICT (project_id, response_id) DO NOTHING`,
      [projectId, responseId, now],
    )
    const sets = ['corrected_by = ?', 'updated_at = ?']
    const parameters: unknown[] = [correction.by, now]
    if (correction.sentiment !== undefined) {
      sets.push('sentiment = ?', 'sentiment_score = NULL', 'sentiment_corrected = 1')
      parameters.push(correction.sentiment)
    }
    if (correction.themes !== undefined) {
      sets.push('themes = ?', 'themes_corrected = 1')
      parameters.push(JSON.stringify(correction.themes))
    }
    yield* query(`UPDATE response_tags SET ${sets.join(', ')} WHERE project_id = ? AND response_id = ?`, [
      ...parameters,
      projectId,
      responseId,
    ])
    const { rows } = yield* query<TagRow>(
      `SELECT ${TAG_COLUMNS} FROM response_tags WHERE project_id = ? AND response_id = ?`,
      [projectId, responseId],
    )
    const row = rows[0]
    return row && toTags(row)
  })
}

/** The response's tags; null when it has none (no comment), undefined when the project has no such response. */
export async function findTags(
  database: HeedDatabase,
  projectId: string,
  responseId: string,
): Promise<ResponseTags | null | undefined> {
  const row = await database.db
    .selectFrom('responses as r')
    .leftJoin('response_tags as t', (join) =>
      join.onRef('t.project_id', '=', 'r.project_id').onRef('t.response_id', '=', 'r.id'),
    )
    .select([
      'r.id',
      't.response_id',
      't.language',
      't.supported',
      't.sentiment',
      't.sentiment_score',
      't.themes',
      't.sentiment_corrected',
      't.themes_corrected',
      't.corrected_by',
      't.tagger_version',
      't.updated_at',
    ])
    .where('r.project_id', '=', projectId)
    .where('r.id', '=', responseId)
    .executeTakeFirst()
  if (!row) return undefined
  if (row.response_id === null) return null
  return toTags(row as TagRow)
}

/** Language, sentiment label and themes of each of the responses that has tags, for listings. */
export async function tagSummaries(
  database: HeedDatabase,
  projectId: string,
  responseIds: readonly string[],
): Promise<Map<string, { language: string; sentiment: SentimentLabel | null; themes: string[] }>> {
  if (responseIds.length === 0) return new Map()
  const rows = await database.db
    .selectFrom('response_tags')
    .select(['response_id', 'language', 'sentiment', 'themes'])
    .where('project_id', '=', projectId)
    .where('response_id', 'in', responseIds)
    .execute()
  return new Map(
    rows.map((row) => [
      row.response_id,
      {
        language: row.language,
        sentiment: row.sentiment,
        themes: parseJsonArray(row.themes).filter((theme) => typeof theme === 'string'),
      },
    ]),
  )
}

/** For person erasure: the tags of the responses being erased, in the same transaction. */
export function* eraseTagsOfResponses(projectId: string, responseIds: readonly string[]): SqlWork<void> {
  // Chunks keep the statement under every driver's parameter limit.
  for (let start = 0; start < responseIds.length; start += 500) {
    const ids = responseIds.slice(start, start + 500)
    yield* query(
      `DELETE FROM response_tags WHERE project_id = ? AND response_id IN (${ids.map(() => '?').join(', ')})`,
      [projectId, ...ids],
    )
  }
}
