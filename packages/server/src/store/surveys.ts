import type { TSurveyDefinition, TSurveyStatus } from '@heed/shared/schemas/survey'
import type { SurveyKind } from '@heed/shared/scores/scales'
import type { Selectable } from 'kysely'
import type { HeedDatabase } from '../db/open'
import type { SurveyTable } from '../db/schema'
import { newId } from './ids'

export interface SurveyRecord {
  id: string
  projectId: string
  definition: TSurveyDefinition
  createdAt: number
  updatedAt: number
}

const toRecord = (row: Selectable<SurveyTable>): SurveyRecord => ({
  id: row.id,
  projectId: row.project_id,
  definition: JSON.parse(row.definition) as TSurveyDefinition,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

export async function createSurvey(
  database: HeedDatabase,
  projectId: string,
  definition: TSurveyDefinition,
  now = Date.now(),
): Promise<SurveyRecord> {
  const row = {
    id: newId('srv'),
    project_id: projectId,
    name: definition.name,
    kind: definition.kind,
    status: definition.status,
    definition: JSON.stringify(definition),
    created_at: now,
    updated_at: now,
  }
  await database.db.insertInto('surveys').values(row).execute()
  return toRecord(row)
}

export async function findSurvey(
  database: HeedDatabase,
  projectId: string,
  id: string,
): Promise<SurveyRecord | undefined> {
  const row = await database.db
    .selectFrom('surveys')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row && toRecord(row)
}

export async function listSurveys(
  database: HeedDatabase,
  projectId: string,
  filter: { status?: TSurveyStatus; kind?: SurveyKind } = {},
): Promise<SurveyRecord[]> {
  let query = database.db.selectFrom('surveys').selectAll().where('project_id', '=', projectId)
  if (filter.status) query = query.where('status', '=', filter.status)
  if (filter.kind) query = query.where('kind', '=', filter.kind)
  const rows = await query.orderBy('created_at').orderBy('id').execute()
  return rows.map(toRecord)
}

/** Active surveys whose schedule includes `now`: what the widget may show. */
export async function liveSurveys(
  database: HeedDatabase,
  projectId: string,
  now: number,
): Promise<SurveyRecord[]> {
  const active = await listSurveys(database, projectId, { status: 'active' })
  return active.filter(({ definition: { schedule } }) => {
    const startsAt = schedule.startsAt ? Date.parse(schedule.startsAt) : Number.NEGATIVE_INFINITY
    const endsAt = schedule.endsAt ? Date.parse(schedule.endsAt) : Number.POSITIVE_INFINITY
    return startsAt <= now && now < endsAt
  })
}

/** What an edit of one survey sees: the stored survey, locked until the edit is written. */
export interface SurveyEdit {
  survey: SurveyRecord
  /** Whether anyone has answered the survey yet. Asked only by edits that need to know. */
  hasResponses(): Promise<boolean>
}

/**
 * Reads one survey, lets `edit` decide its new definition (or `undefined` for no change; it may throw to
 * refuse), and writes the result, all in one transaction with the row locked on PostgreSQL: two edits at
 * once can't overwrite each other or both pass a status rule. Ingest takes no such lock, so a response may
 * still land while a kind change commits; ingest's 5 s cache of survey kinds opens that window anyway.
 * Undefined when the project has no such survey.
 */
export async function editSurvey(
  database: HeedDatabase,
  projectId: string,
  id: string,
  edit: (current: SurveyEdit) => Promise<TSurveyDefinition | undefined>,
  now = Date.now(),
): Promise<SurveyRecord | undefined> {
  return database.db.transaction().execute(async (trx) => {
    const select = trx
      .selectFrom('surveys')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
    const row = await (database.dialect === 'postgres' ? select.forUpdate() : select).executeTakeFirst()
    if (!row) return undefined
    const survey = toRecord(row)
    const definition = await edit({
      survey,
      hasResponses: async () => {
        const response = await trx
          .selectFrom('responses')
          .select('id')
          .where('project_id', '=', projectId)
          .where('survey_id', '=', id)
          .limit(1)
          .executeTakeFirst()
        return response !== undefined
      },
    })
    if (definition === undefined) return survey
    await trx
      .updateTable('surveys')
      .set({
        name: definition.name,
        kind: definition.kind,
        status: definition.status,
        definition: JSON.stringify(definition),
        updated_at: now,
      })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .execute()
    return { ...survey, definition, updatedAt: now }
  })
}
