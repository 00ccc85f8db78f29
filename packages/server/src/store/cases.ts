import { LIMITS } from '@heed/shared/schemas/limits'
import { bucketOf } from '@heed/shared/scores/buckets'
import type { SurveyKind } from '@heed/shared/scores/scales'
import type { DialectName } from '../db/dialect'
import type { HeedDatabase } from '../db/open'
import { query, type SqlWork } from '../db/work'
import { type CaseFieldsRow, caseFields } from './case-fields'
import {
  type CaseChange,
  type CaseFields,
  type ChangedField,
  type FieldChange,
  planCaseChange,
} from './case-rules'
import { newTimeOrderedId } from './ids'
import { lockRows } from './people'
import { isActiveMember, nextInRotation } from './team'
import { enqueueWebhookEvent } from './webhook-outbox'

/** Who made the changes nobody asked for: opening a case, noting a changed score. */
export const SYSTEM_ACTOR = 'system'

const HOUR_MS = 3_600_000

/** The account trait naming the customer's account owner, as the answer's trait snapshot holds it. */
const OWNER_TRAIT = 'account.owner'

const SELECT_CASE_OF_RESPONSE = 'SELECT id, version FROM cases WHERE project_id = ? AND response_id = ?'

const SELECT_SLA = 'SELECT follow_up_sla_hours FROM projects WHERE id = ?'

const INSERT_CASE = `INSERT INTO cases (project_id, id, response_id, survey_id, owner, status, root_cause, tags,
due_at, first_contact_at, resolved_at, version, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, 'open', NULL, '[]', ?, NULL, NULL, 1, ?, ?)
ON CONFLICT (project_id, response_id) DO NOTHING`

const INSERT_EVENT = `INSERT INTO case_events (project_id, case_id, version, field, from_value, to_value, actor, at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`

const UPDATE_CASE = `UPDATE cases SET status = ?, owner = ?, root_cause = ?, tags = ?, first_contact_at = ?,
resolved_at = ?, version = ?, updated_at = ? WHERE project_id = ? AND id = ?`

const TOUCH_CASE = 'UPDATE cases SET version = ?, updated_at = ? WHERE project_id = ? AND id = ?'

const INSERT_NOTE = `INSERT INTO case_notes (project_id, id, case_id, author, text, created_at)
VALUES (?, ?, ?, ?, ?, ?)`

type HistoryField = ChangedField | 'score'

function* recordHistory(
  projectId: string,
  caseId: string,
  version: number,
  changes: readonly { field: HistoryField; from: unknown; to: unknown }[],
  actor: string,
  at: number,
): SqlWork<void> {
  for (const { field, from, to } of changes) {
    yield* query(INSERT_EVENT, [
      projectId,
      caseId,
      version,
      field,
      JSON.stringify(from),
      JSON.stringify(to),
      actor,
      at,
    ])
  }
}

/** The account owner of the snapshot, lower-cased like team e-mails, when it names someone. */
function ownerTraitOf(traits: Readonly<Record<string, unknown>>): string | undefined {
  const value = traits[OWNER_TRAIT]
  if (typeof value !== 'string') return undefined
  const owner = value.trim().toLowerCase()
  return owner.length > 0 && owner.length <= LIMITS.name ? owner : undefined
}

/** The response whose score was just written, as the transaction that wrote it knows it. */
export interface ScoredResponse {
  id: string
  surveyId: string
  kind: SurveyKind
  /** Its trait snapshot, which may name the account's owner. */
  traits: Readonly<Record<string, unknown>>
}

/**
 * Called in the transaction that writes a response's score (`previousScore` null for a new response). When
 * the score makes it a detractor and it has no case yet, opens one: owned by the account's `owner` trait,
 * else by the next active team member in rotation, else nobody; due `follow_up_sla_hours` after the answer.
 * When a response that has a case gets another score, even one that is no longer a detractor's, the case
 * stays and its history notes the change. Retries write nothing: an unchanged score returns at once, and a
 * response has at most one case.
 */
export function* openCaseForDetractor(
  dialect: DialectName,
  projectId: string,
  response: ScoredResponse,
  previousScore: number | null,
  score: number | null,
  at: number,
): SqlWork<void> {
  if (score === null || score === previousScore) return
  const detractor = bucketOf(response.kind, score) === 'detractor'
  // Only a scored response can have a case: a first score needs no look-up at all.
  if (previousScore !== null) {
    const { rows: cases } = yield* query<{ id: string; version: number }>(
      SELECT_CASE_OF_RESPONSE + lockRows(dialect),
      [projectId, response.id],
    )
    const existing = cases[0]
    if (existing) {
      const version = Number(existing.version) + 1
      yield* query(TOUCH_CASE, [version, at, projectId, existing.id])
      yield* recordHistory(
        projectId,
        existing.id,
        version,
        [{ field: 'score', from: previousScore, to: score }],
        SYSTEM_ACTOR,
        at,
      )
      return
    }
  }
  if (!detractor) return

  const { rows: projects } = yield* query<{ follow_up_sla_hours: number }>(SELECT_SLA, [projectId])
  const project = projects[0]
  if (!project) throw new Error(`project ${projectId} vanished before its case was opened`)
  const slaHours = Number(project.follow_up_sla_hours)
  const owner = ownerTraitOf(response.traits) ?? (yield* nextInRotation(dialect, projectId)) ?? null
  const id = newTimeOrderedId('case')
  const inserted = yield* query(INSERT_CASE, [
    projectId,
    id,
    response.id,
    response.surveyId,
    owner,
    at + slaHours * HOUR_MS,
    at,
    at,
  ])
  if (inserted.changes === 0) return
  const opened: { field: HistoryField; from: unknown; to: unknown }[] = [
    { field: 'status', from: null, to: 'open' },
  ]
  if (owner !== null) opened.push({ field: 'owner', from: null, to: owner })
  yield* recordHistory(projectId, id, 1, opened, SYSTEM_ACTOR, at)
}

interface LockedCase extends CaseFields {
  id: string
  responseId: string
  surveyId: string
  personId: string | null
  accountId: string | null
  dueAt: number
  version: number
}

interface LockedCaseRow extends CaseFieldsRow {
  version: number
}

const toLocked = (row: LockedCaseRow): LockedCase => ({
  ...caseFields(row),
  version: Number(row.version),
})

/** The cases, locked until the transaction ends, in id order so that concurrent updates never deadlock. */
function* lockCases(dialect: DialectName, projectId: string, ids: readonly string[]): SqlWork<LockedCase[]> {
  const { rows } = yield* query<LockedCaseRow>(
    `SELECT c.id, c.response_id, c.survey_id, r.person_id, r.account_id, c.owner, c.status, c.root_cause,
    c.tags, c.due_at, c.first_contact_at, c.resolved_at, c.version
    FROM cases c JOIN responses r ON r.project_id = c.project_id AND r.id = c.response_id
    WHERE c.project_id = ? AND c.id IN (${ids.map(() => '?').join(', ')})
    ORDER BY c.id${dialect === 'postgres' ? ' FOR UPDATE OF c' : ''}`,
    [projectId, ...ids],
  )
  return rows.map(toLocked)
}

const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString())

/**
 * The `data` of a case.updated webhook event: the case as it now is, who changed it, and what changed (or
 * the note added). `responseId` lets erasing a person also erase the events about their answers.
 */
function caseEventData(
  locked: LockedCase,
  fields: CaseFields,
  actor: string,
  at: number,
  change: { changes: FieldChange[] } | { note: { id: string; text: string } },
) {
  return {
    id: locked.id,
    responseId: locked.responseId,
    surveyId: locked.surveyId,
    personId: locked.personId,
    accountId: locked.accountId,
    status: fields.status,
    owner: fields.owner,
    rootCause: fields.rootCause,
    tags: fields.tags,
    dueAt: iso(locked.dueAt),
    firstContactAt: iso(fields.firstContactAt),
    resolvedAt: iso(fields.resolvedAt),
    by: actor,
    at: iso(at),
    ...change,
  }
}

export type CaseUpdateOutcome =
  | { outcome: 'updated' }
  /** `index` is the position in `ids` of the first case that does not exist (in this project). */
  | { outcome: 'not_found'; index: number }
  /** `index` is the first case the change cannot apply to, or undefined when the change itself is wrong. */
  | { outcome: 'refused'; index: number | undefined; field: ChangedField; message: string }

/**
 * Applies one change to every case of `ids` in one transaction, all or none: every case is checked before
 * any is written. Each case that changes gets its history rows and a case.updated webhook event, in the same
 * transaction; a case the change leaves as it was gets neither. A new owner must be an active team member.
 */
export function updateCases(
  database: HeedDatabase,
  projectId: string,
  ids: readonly string[],
  change: CaseChange,
  actor: string,
  now: number,
): Promise<CaseUpdateOutcome> {
  return database.transact(function* (dialect): SqlWork<CaseUpdateOutcome> {
    const locked = new Map((yield* lockCases(dialect, projectId, ids)).map((row) => [row.id, row]))
    const missing = ids.findIndex((id) => !locked.has(id))
    if (missing >= 0) return { outcome: 'not_found', index: missing }
    if (typeof change.owner === 'string' && !(yield* isActiveMember(projectId, change.owner))) {
      return {
        outcome: 'refused',
        index: undefined,
        field: 'owner',
        message: 'is not an active member of the team (add them with PUT /admin/v1/team/{email})',
      }
    }

    const plans = []
    for (const [index, id] of ids.entries()) {
      const current = locked.get(id) as LockedCase
      const plan = planCaseChange(current, change, now)
      if (plan.outcome === 'refused') return { ...plan, index }
      if (plan.changes.length > 0) plans.push({ current, ...plan })
    }
    for (const { current, next, changes } of plans) {
      const version = current.version + 1
      yield* query(UPDATE_CASE, [
        next.status,
        next.owner,
        next.rootCause,
        JSON.stringify(next.tags),
        next.firstContactAt,
        next.resolvedAt,
        version,
        now,
        projectId,
        current.id,
      ])
      yield* recordHistory(projectId, current.id, version, changes, actor, now)
      yield* enqueueWebhookEvent(
        projectId,
        'case.updated',
        caseEventData(current, next, actor, now, { changes }),
        now,
      )
    }
    return { outcome: 'updated' }
  })
}

export interface CaseNote {
  id: string
  author: string
  text: string
  createdAt: number
}

/** Adds a note to a case and tells the webhooks; undefined when the project has no such case. */
export function addCaseNote(
  database: HeedDatabase,
  projectId: string,
  caseId: string,
  author: string,
  text: string,
  now: number,
): Promise<CaseNote | undefined> {
  return database.transact(function* (dialect) {
    const [locked] = yield* lockCases(dialect, projectId, [caseId])
    if (!locked) return undefined
    const note = { id: newTimeOrderedId('note'), author, text, createdAt: now }
    yield* query(INSERT_NOTE, [projectId, note.id, caseId, author, text, now])
    yield* query(TOUCH_CASE, [locked.version, now, projectId, caseId])
    yield* enqueueWebhookEvent(
      projectId,
      'case.updated',
      caseEventData(locked, locked, author, now, { note: { id: note.id, text } }),
      now,
    )
    return note
  })
}

/** SQLite binds at most 32,766 parameters per statement; erasures go a few hundred responses at a time. */
const ERASE_CHUNK = 500

/**
 * Deletes the cases of the given responses with their history and notes, in the caller's transaction: a
 * person's erasure takes everything written about their answers.
 */
export function* eraseCasesOfResponses(projectId: string, responseIds: readonly string[]): SqlWork<number> {
  let erased = 0
  for (let start = 0; start < responseIds.length; start += ERASE_CHUNK) {
    const chunk = responseIds.slice(start, start + ERASE_CHUNK)
    const { rows } = yield* query<{ id: string }>(
      `DELETE FROM cases WHERE project_id = ? AND response_id IN (${chunk.map(() => '?').join(', ')}) RETURNING id`,
      [projectId, ...chunk],
    )
    if (rows.length === 0) continue
    const caseIds = rows.map((row) => row.id)
    const inCases = `project_id = ? AND case_id IN (${caseIds.map(() => '?').join(', ')})`
    yield* query(`DELETE FROM case_events WHERE ${inCases}`, [projectId, ...caseIds])
    yield* query(`DELETE FROM case_notes WHERE ${inCases}`, [projectId, ...caseIds])
    erased += rows.length
  }
  return erased
}
