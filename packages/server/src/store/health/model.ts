import { DEFAULT_HEALTH_MODEL, type THealthModel, ZHealthModel } from '@heed/shared/health/model'
import type { HeedDatabase } from '../../db/open'
import type { ReadDatabase } from '../revenue/read-database'

/** The project's health model, or the default one when it never set its own. */
export async function healthModelOf(database: ReadDatabase, projectId: string): Promise<THealthModel> {
  const row = await database.reads
    .selectFrom('health_models')
    .select('model')
    .where('project_id', '=', projectId)
    .executeTakeFirst()
  // Stored only after validation; parsing again keeps a model written by an older version honest.
  return row ? ZHealthModel.parse(JSON.parse(row.model)) : DEFAULT_HEALTH_MODEL
}

/** Stores the project's model (already validated), replacing the previous one. */
export async function putHealthModel(
  database: HeedDatabase,
  projectId: string,
  model: THealthModel,
  now: number,
): Promise<void> {
  const text = JSON.stringify(model)
  await database.db
    .insertInto('health_models')
    .values({ project_id: projectId, model: text, updated_at: now })
    .onConflict((oc) => oc.column('project_id').doUpdateSet({ model: text, updated_at: now }))
    .execute()
}
