import type { CsvCell } from '../../../http/csv/encode'
import type { CaseRecord } from '../../../store/case-queries'
import type { EventRecord } from '../../../store/event-queries'
import type { PersonRecord } from '../../../store/people-queries'
import type { ResponseRecord } from '../../../store/response-queries'

/** A column of an export: its header and how a record fills it. */
export type Column<Row> = readonly [header: string, cell: (row: Row) => CsvCell]

const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString())
/** Objects (traits, properties) as one JSON cell, so no customer key can add or shift a column. */
const json = (value: unknown) => JSON.stringify(value)
/** Lists (themes, tags, aliases) as one cell, `;`-separated: keys never contain a semicolon. */
const list = (values: readonly string[]) => values.join(';')

export const RESPONSE_COLUMNS: readonly Column<ResponseRecord>[] = [
  ['id', (r) => r.id],
  ['created_at', (r) => iso(r.createdAt)],
  ['updated_at', (r) => iso(r.updatedAt)],
  ['survey_id', (r) => r.surveyId],
  ['score', (r) => r.score],
  ['bucket', (r) => r.bucket],
  ['comment', (r) => r.comment],
  ['person_id', (r) => r.personId],
  ['account_id', (r) => r.accountId],
  ['anonymous_id', (r) => r.anonymousId],
  ['locale', (r) => r.locale],
  ['url', (r) => r.url],
  ['language', (r) => r.language],
  ['sentiment', (r) => r.sentiment],
  ['themes', (r) => list(r.themes)],
  ['traits', (r) => json(r.traits)],
]

/** A case row with the export's clock, so `overdue` is the same for every row of one file. */
export type CaseRow = CaseRecord & { overdue: boolean }

export const CASE_COLUMNS: readonly Column<CaseRow>[] = [
  ['id', (r) => r.id],
  ['created_at', (r) => iso(r.createdAt)],
  ['status', (r) => r.status],
  ['owner', (r) => r.owner],
  ['due_at', (r) => iso(r.dueAt)],
  ['overdue', (r) => r.overdue],
  ['first_contact_at', (r) => iso(r.firstContactAt)],
  ['resolved_at', (r) => iso(r.resolvedAt)],
  ['root_cause', (r) => r.rootCause],
  ['tags', (r) => list(r.tags)],
  ['response_id', (r) => r.responseId],
  ['survey_id', (r) => r.surveyId],
  ['person_id', (r) => r.personId],
  ['account_id', (r) => r.accountId],
  ['score', (r) => r.response.score],
  ['bucket', (r) => r.response.bucket],
  ['sentiment', (r) => r.response.sentiment],
  ['comment', (r) => r.response.comment],
]

export const PERSON_COLUMNS: readonly Column<PersonRecord>[] = [
  ['id', (r) => r.id],
  ['account_id', (r) => r.accountId],
  ['first_seen', (r) => iso(r.firstSeen)],
  ['last_seen', (r) => iso(r.lastSeen)],
  ['response_count', (r) => r.responseCount],
  ['last_response_at', (r) => iso(r.lastResponseAt)],
  ['event_count', (r) => r.eventCount],
  ['anonymous_ids', (r) => list(r.anonymousIds)],
  ['traits', (r) => json(r.traits)],
]

export const EVENT_COLUMNS: readonly Column<EventRecord>[] = [
  ['id', (r) => r.id],
  ['occurred_at', (r) => iso(r.occurredAt)],
  ['received_at', (r) => iso(r.receivedAt)],
  ['type', (r) => r.type],
  ['name', (r) => r.name],
  ['person_id', (r) => r.personId],
  ['anonymous_id', (r) => r.anonymousId],
  ['account_id', (r) => r.accountId],
  ['session_id', (r) => r.sessionId],
  ['url', (r) => r.url],
  ['page_path', (r) => r.context.pagePath],
  ['title', (r) => r.context.title],
  ['referrer', (r) => r.context.referrer],
  ['locale', (r) => r.context.locale],
  ['user_agent', (r) => r.context.userAgent],
  ['library', (r) => r.context.library],
  ['utm_campaign', (r) => r.context.utmCampaign],
  ['utm_source', (r) => r.context.utmSource],
  ['utm_medium', (r) => r.context.utmMedium],
  ['properties', (r) => json(r.properties)],
]
