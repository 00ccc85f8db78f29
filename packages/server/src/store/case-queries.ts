import type { Bucket } from '@heed/shared/scores/buckets'
import type { SentimentLabel } from '@heed/shared/text/sentiment'
import { type SqlBool, sql } from 'kysely'
import type { HeedDatabase } from '../db/open'
import type { CaseStatus } from '../db/schema'
import { caseFields } from './case-fields'
import { CLOSED_STATUSES, isClosed } from './case-rules'
import type { CaseNote } from './cases'

/** Statuses of cases still waiting for someone: the ones that can be overdue. */
const OPEN_STATUSES = ['open', 'contacted'] as const satisfies CaseStatus[]

export interface CaseRecord {
  id: string
  responseId: string
  surveyId: string
  personId: string | null
  accountId: string | null
  owner: string | null
  status: CaseStatus
  rootCause: string | null
  tags: string[]
  dueAt: number
  firstContactAt: number | null
  resolvedAt: number | null
  createdAt: number
  updatedAt: number
  /** The answer the case follows up, as it is now; sentiment null until (or unless) the comment is tagged. */
  response: {
    score: number | null
    bucket: Bucket | null
    comment: string | null
    sentiment: SentimentLabel | null
  }
}

export interface CaseHistoryEntry {
  at: number
  by: string
  field: string
  from: unknown
  to: unknown
}

export interface CaseDetail {
  case: CaseRecord
  /** Oldest first. */
  history: CaseHistoryEntry[]
  /** Oldest first. */
  notes: CaseNote[]
}

/** Every condition given must hold; a list holds when any of its items does. */
export interface CaseFilter {
  statuses?: readonly CaseStatus[]
  /** An owner's e-mail, or null for the unassigned cases. */
  owner?: string | null
  /** Past due and not closed (or, when false, the others). */
  overdue?: boolean
  rootCause?: string
  surveyId?: string
  accountId?: string
  sentiments?: readonly SentimentLabel[]
  /** On the case's opening time: inclusive. */
  from?: number
  /** Exclusive. */
  to?: number
}

function selectCases(database: HeedDatabase, projectId: string) {
  return database.reads
    .selectFrom('cases as c')
    .innerJoin('responses as r', (join) =>
      join.onRef('r.project_id', '=', 'c.project_id').onRef('r.id', '=', 'c.response_id'),
    )
    .leftJoin('response_tags as t', (join) =>
      join.onRef('t.project_id', '=', 'c.project_id').onRef('t.response_id', '=', 'c.response_id'),
    )
    .select([
      'c.id',
      'c.response_id',
      'c.survey_id',
      'r.person_id',
      'r.account_id',
      'c.owner',
      'c.status',
      'c.root_cause',
      'c.tags',
      'c.due_at',
      'c.first_contact_at',
      'c.resolved_at',
      'c.created_at',
      'c.updated_at',
      'r.score',
      'r.bucket',
      'r.comment',
      't.sentiment',
    ])
    .where('c.project_id', '=', projectId)
}

type CaseRow = Awaited<ReturnType<ReturnType<typeof selectCases>['executeTakeFirstOrThrow']>>

const toRecord = (row: CaseRow): CaseRecord => ({
  ...caseFields(row),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
  response: {
    score: row.score,
    bucket: row.bucket,
    comment: row.comment,
    sentiment: row.sentiment ?? null,
  },
})

/** Whether a case is past its due time and still waiting for someone. */
export const isOverdue = (record: Pick<CaseRecord, 'dueAt' | 'status'>, now: number) =>
  record.dueAt < now && !isClosed(record.status)

/**
 * The project's cases matching the filter, soonest due first (ties by id), starting after `after`: keyset
 * pagination on (due time, id), so cases opened meanwhile neither shift nor repeat a page.
 */
export async function listCases(
  database: HeedDatabase,
  projectId: string,
  filter: CaseFilter,
  page: { limit: number; after?: { at: number; id: string } },
  now: number,
): Promise<CaseRecord[]> {
  let query = selectCases(database, projectId)
  if (filter.statuses !== undefined) query = query.where('c.status', 'in', filter.statuses)
  if (filter.owner !== undefined) {
    query =
      filter.owner === null ? query.where('c.owner', 'is', null) : query.where('c.owner', '=', filter.owner)
  }
  if (filter.overdue === true) {
    query = query.where('c.due_at', '<', now).where('c.status', 'in', OPEN_STATUSES)
  } else if (filter.overdue === false) {
    query = query.where((eb) => eb.or([eb('c.due_at', '>=', now), eb('c.status', 'in', CLOSED_STATUSES)]))
  }
  if (filter.rootCause !== undefined) query = query.where('c.root_cause', '=', filter.rootCause)
  if (filter.surveyId !== undefined) query = query.where('c.survey_id', '=', filter.surveyId)
  if (filter.accountId !== undefined) query = query.where('r.account_id', '=', filter.accountId)
  if (filter.sentiments !== undefined) query = query.where('t.sentiment', 'in', filter.sentiments)
  if (filter.from !== undefined) query = query.where('c.created_at', '>=', filter.from)
  if (filter.to !== undefined) query = query.where('c.created_at', '<', filter.to)
  // A row-value comparison: SQLite reads the index from the cursor on, where the equivalent OR made it read
  // and sort every later row for each page (see listResponses).
  if (page.after !== undefined) {
    query = query.where(sql<SqlBool>`(c.due_at, c.id) > (${page.after.at}, ${page.after.id})`)
  }
  const rows = await query.orderBy('c.due_at').orderBy('c.id').limit(page.limit).execute()
  return rows.map(toRecord)
}

/** The cases of these ids that the project has, in no particular order. */
export async function findCases(
  database: HeedDatabase,
  projectId: string,
  ids: readonly string[],
): Promise<CaseRecord[]> {
  if (ids.length === 0) return []
  const rows = await selectCases(database, projectId).where('c.id', 'in', ids).execute()
  return rows.map(toRecord)
}

/** A case with its history and notes. */
export async function findCase(
  database: HeedDatabase,
  projectId: string,
  id: string,
): Promise<CaseDetail | undefined> {
  const [record] = await findCases(database, projectId, [id])
  if (!record) return undefined
  const [events, notes] = await Promise.all([
    database.reads
      .selectFrom('case_events')
      .select(['at', 'actor', 'field', 'from_value', 'to_value'])
      .where('project_id', '=', projectId)
      .where('case_id', '=', id)
      .orderBy('version')
      .orderBy('field')
      .execute(),
    database.reads
      .selectFrom('case_notes')
      .select(['id', 'author', 'text', 'created_at'])
      .where('project_id', '=', projectId)
      .where('case_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ])
  return {
    case: record,
    history: events.map((event) => ({
      at: Number(event.at),
      by: event.actor,
      field: event.field,
      from: JSON.parse(event.from_value) as unknown,
      to: JSON.parse(event.to_value) as unknown,
    })),
    notes: notes.map((note) => ({
      id: note.id,
      author: note.author,
      text: note.text,
      createdAt: Number(note.created_at),
    })),
  }
}
