import { DEFAULT_LIFECYCLE_RULES, type TLifecycleRules, ZLifecycleRules } from '@heed/shared/lifecycle/rules'
import type { HeedDatabase } from '../../db/open'
import type { ReadDatabase } from '../revenue/read-database'

/** The project's lifecycle rules, or the defaults when it never set its own. */
export async function lifecycleRulesOf(database: ReadDatabase, projectId: string): Promise<TLifecycleRules> {
  const row = await database.reads
    .selectFrom('lifecycle_rules')
    .select('rules')
    .where('project_id', '=', projectId)
    .executeTakeFirst()
  return row ? ZLifecycleRules.parse(JSON.parse(row.rules)) : DEFAULT_LIFECYCLE_RULES
}

/** Stores the project's rules (already validated), replacing the previous ones. */
export async function putLifecycleRules(
  database: HeedDatabase,
  projectId: string,
  rules: TLifecycleRules,
  now: number,
): Promise<void> {
  const text = JSON.stringify(rules)
  await database.db
    .insertInto('lifecycle_rules')
    .values({ project_id: projectId, rules: text, updated_at: now })
    .onConflict((oc) => oc.column('project_id').doUpdateSet({ rules: text, updated_at: now }))
    .execute()
}
