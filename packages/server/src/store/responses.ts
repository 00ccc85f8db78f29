import { bucketOf } from '@heed/shared/scores/buckets'
import type { SurveyKind } from '@heed/shared/scores/scales'
import type { Theme } from '@heed/shared/text/themes'
import type { DialectName } from '../db/dialect'
import type { HeedDatabase } from '../db/open'
import { query, type SqlWork } from '../db/work'
import { defineWrite } from '../db/write'
import { openCaseForDetractor } from './cases'
import { tagResponseComment } from './comment-tags'
import { parseJsonObject } from './json'
import { lockRows, resolvePerson, traitSnapshot } from './people'
import { addToRollup } from './rollups'
import { addToSegmentRollups } from './segments/rollups'
import { enqueueResponseEvents } from './webhook-outbox'

export interface ResponseInput {
  id: string
  surveyId: string
  kind: SurveyKind
  displayId?: string
  anonymousId: string
  userId?: string
  accountId?: string
  score?: number
  comment?: string
  locale?: string
  url?: string
  traits?: Record<string, unknown>
  /** When the person answered: the client's clock, already bounded by the route. */
  at: number
  /** The project's taxonomy for tagging the comment, loaded before the transaction; read in it if absent. */
  taxonomy?: readonly Theme[]
}

export type RecordOutcome = 'created' | 'updated' | 'unchanged'

/** The client id is already used by a response to another survey: a client bug, never merged. */
export class ResponseIdConflict extends Error {
  constructor() {
    super('a response with this id exists for another survey')
    this.name = 'ResponseIdConflict'
  }
}

const INSERT_RESPONSE = `INSERT INTO responses (project_id, id, survey_id, display_id, anonymous_id, person_id,
account_id, score, bucket, comment, locale, url, traits, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (project_id, id) DO NOTHING`

const SELECT_EXISTING =
  'SELECT survey_id, score, comment, traits, created_at FROM responses WHERE project_id = ? AND id = ?'

const UPDATE_RESPONSE = `UPDATE responses SET score = ?, bucket = ?, comment = ?, updated_at = ?
WHERE project_id = ? AND id = ?`

/**
 * Creates the response, or merges a later message for the same client id into it (the score first, the
 * comment later; a changed score replaces the old one). Retries change nothing. The rollup follows in the
 * same transaction, so scores never count a response twice or miss one.
 */
export async function recordResponse(
  database: HeedDatabase,
  projectId: string,
  input: ResponseInput,
  now = Date.now(),
): Promise<RecordOutcome> {
  const outcome = await database.write(RECORD_RESPONSE, projectId, input, now)
  if (outcome === 'conflict') throw new ResponseIdConflict()
  return outcome
}

// A conflict is returned, not thrown: the writer thread can send back values but not error classes.
export const RECORD_RESPONSE = defineWrite('recordResponse', recordResponseWork)

function* recordResponseWork(
  dialect: DialectName,
  projectId: string,
  input: ResponseInput,
  now: number,
): SqlWork<RecordOutcome | 'conflict'> {
  const personId = input.userId ?? (yield* resolvePerson(projectId, input.anonymousId))
  const snapshot = yield* traitSnapshot(projectId, personId, input.accountId, input.traits)
  const inserted = yield* query(INSERT_RESPONSE, [
    projectId,
    input.id,
    input.surveyId,
    input.displayId ?? null,
    input.anonymousId,
    personId ?? null,
    snapshot.accountId ?? null,
    input.score ?? null,
    input.score === undefined ? null : bucketOf(input.kind, input.score),
    input.comment ?? null,
    input.locale ?? null,
    input.url ?? null,
    JSON.stringify(snapshot.traits),
    input.at,
    now,
  ])
  if (inserted.changes === 1) {
    if (input.score !== undefined) {
      const scores = { [input.score]: 1 }
      yield* addToRollup(projectId, input.surveyId, input.at, { scores })
      yield* addToSegmentRollups(dialect, projectId, input.surveyId, input.at, snapshot.traits, scores)
    }
    if (input.comment !== undefined) {
      const rating = input.score === undefined ? undefined : { kind: input.kind, score: input.score }
      yield* tagResponseComment(projectId, input.id, input.comment, input.taxonomy, now, rating)
    }
    yield* enqueueResponseEvents(projectId, input.id, input.kind, null, input.score ?? null, now)
    const response = { id: input.id, surveyId: input.surveyId, kind: input.kind, traits: snapshot.traits }
    yield* openCaseForDetractor(dialect, projectId, response, null, input.score ?? null, input.at)
    return 'created'
  }

  const { rows } = yield* query<{
    survey_id: string
    score: number | null
    comment: string | null
    traits: string
    created_at: number
  }>(SELECT_EXISTING + lockRows(dialect), [projectId, input.id])
  const existing = rows[0]
  if (!existing) throw new Error(`response ${input.id} vanished during its update`)
  if (existing.survey_id !== input.surveyId) return 'conflict'
  const score = input.score ?? existing.score
  const comment = input.comment ?? existing.comment
  if (score === existing.score && comment === existing.comment) return 'unchanged'
  const bucket = score === null ? null : bucketOf(input.kind, score)
  yield* query(UPDATE_RESPONSE, [score, bucket, comment, now, projectId, input.id])
  if (score !== existing.score) {
    const scores: Record<number, number> = {}
    if (existing.score !== null) scores[existing.score] = -1
    if (score !== null) scores[score] = (scores[score] ?? 0) + 1
    yield* addToRollup(projectId, input.surveyId, Number(existing.created_at), { scores })
    const traits = parseJsonObject(existing.traits)
    yield* addToSegmentRollups(
      dialect,
      projectId,
      input.surveyId,
      Number(existing.created_at),
      traits,
      scores,
    )
  }
  // The score weighs in on the comment's sentiment: a changed score tags the comment again too.
  if (comment !== null && (comment !== existing.comment || score !== existing.score)) {
    const rating = score === null ? undefined : { kind: input.kind, score }
    yield* tagResponseComment(projectId, input.id, comment, input.taxonomy, now, rating)
  }
  yield* enqueueResponseEvents(projectId, input.id, input.kind, existing.score, score, now)
  const response = {
    id: input.id,
    surveyId: input.surveyId,
    kind: input.kind,
    traits: parseJsonObject(existing.traits),
  }
  yield* openCaseForDetractor(dialect, projectId, response, existing.score, score, input.at)
  return 'updated'
}
