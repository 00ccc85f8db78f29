import type { HeedDatabase } from '../db/open'
import { query } from '../db/work'
import { newTimeOrderedId } from './ids'

/** A message an ingest request carried that was refused while the rest of the request was kept. */
export interface IngestRefusal {
  /** The route the message came to, e.g. `/v1/batch`. */
  route: string
  /** Its position in its batch; absent for a single-message route. */
  index?: number
  messageId?: string
  type?: string
  /** The field at fault, within the message (`event`, `properties`; `message` for the whole of it). */
  field: string
  reason: string
}

export interface IngestErrorRecord extends Required<Pick<IngestRefusal, 'route' | 'field' | 'reason'>> {
  index: number | null
  messageId: string | null
  type: string | null
  receivedAt: number
}

/** Refusals kept per project: enough to see what a sender gets wrong, bounded whatever it sends. */
export const KEPT_INGEST_ERRORS = 1_000

const INSERT = `INSERT INTO ingest_errors (project_id, id, route, message_index, message_id, message_type, field,
reason, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
// Ids sort by time, so the kept rows are those from the KEPT_INGEST_ERRORS-th newest id on.
const PRUNE = `DELETE FROM ingest_errors WHERE project_id = ? AND id < (
SELECT id FROM ingest_errors WHERE project_id = ? ORDER BY id DESC LIMIT 1 OFFSET ${KEPT_INGEST_ERRORS - 1})`

/** Records refused messages, keeping the latest KEPT_INGEST_ERRORS of the project. */
export function recordIngestErrors(
  database: HeedDatabase,
  projectId: string,
  refusals: readonly IngestRefusal[],
  receivedAt: number,
): Promise<void> {
  if (refusals.length === 0) return Promise.resolve()
  return database.transact(function* () {
    for (const refusal of refusals) {
      yield* query(INSERT, [
        projectId,
        newTimeOrderedId('ier', receivedAt),
        refusal.route,
        refusal.index ?? null,
        refusal.messageId ?? null,
        refusal.type ?? null,
        refusal.field,
        refusal.reason,
        receivedAt,
      ])
    }
    yield* query(PRUNE, [projectId, projectId])
  })
}

/** The latest refusals of a project: newest request first, a batch's refusals in the order sent. */
export async function latestIngestErrors(
  database: HeedDatabase,
  projectId: string,
  limit: number,
): Promise<IngestErrorRecord[]> {
  const rows = await database.db
    .selectFrom('ingest_errors')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('received_at', 'desc')
    .orderBy('message_index')
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((row) => ({
    route: row.route,
    index: row.message_index === null ? null : Number(row.message_index),
    messageId: row.message_id,
    type: row.message_type,
    field: row.field,
    reason: row.reason,
    receivedAt: Number(row.received_at),
  }))
}
