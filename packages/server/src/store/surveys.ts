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

/** Replaces the definition; the caller validated the merged result, so kind changes were refused there. */
export async function replaceSurvey(
  database: HeedDatabase,
  projectId: string,
  id: string,
  definition: TSurveyDefinition,
  now = Date.now(),
): Promise<SurveyRecord | undefined> {
  await database.db
    .updateTable('surveys')
    .set({
      name: definition.name,
      status: definition.status,
      definition: JSON.stringify(definition),
      updated_at: now,
    })
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .execute()
  return findSurvey(database, projectId, id)
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
