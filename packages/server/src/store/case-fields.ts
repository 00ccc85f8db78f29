import type { CaseStatus } from '../db/schema'
import { parseJsonArray } from './json'

/** The columns of a case that every read of one selects. */
export interface CaseFieldsRow {
  id: string
  response_id: string
  survey_id: string
  person_id: string | null
  account_id: string | null
  owner: string | null
  status: CaseStatus
  root_cause: string | null
  tags: string
  due_at: number
  first_contact_at: number | null
  resolved_at: number | null
}

// PostgreSQL returns bigint columns read through raw SQL as numbers or strings depending on the path.
const nullableNumber = (value: number | null) => (value === null ? null : Number(value))

/** A case's own fields as the store and the API use them. */
export const caseFields = (row: CaseFieldsRow) => ({
  id: row.id,
  responseId: row.response_id,
  surveyId: row.survey_id,
  personId: row.person_id,
  accountId: row.account_id,
  owner: row.owner,
  status: row.status,
  rootCause: row.root_cause,
  tags: parseJsonArray(row.tags).filter((tag): tag is string => typeof tag === 'string'),
  dueAt: Number(row.due_at),
  firstContactAt: nullableNumber(row.first_contact_at),
  resolvedAt: nullableNumber(row.resolved_at),
})
