import type { Goal, GoalComparison, GoalMetric } from '@heed/shared/revenue/goals'
import type { HeedDatabase } from '../../db/open'
import { query } from '../../db/work'
import type { ReadDatabase } from './read-database'

/** Replaces the project's goals with these, in one transaction. */
export function putGoals(
  database: HeedDatabase,
  projectId: string,
  goals: readonly Goal[],
  now: number,
): Promise<void> {
  return database.transact(function* () {
    yield* query('DELETE FROM goals WHERE project_id = ?', [projectId])
    for (const goal of goals) {
      yield* query(
        'INSERT INTO goals (project_id, metric, comparison, target, updated_at) VALUES (?, ?, ?, ?, ?)',
        [projectId, goal.metric, goal.comparison, String(goal.target), now],
      )
    }
  })
}

export async function listGoals(database: ReadDatabase, projectId: string): Promise<Goal[]> {
  const rows = await database.reads
    .selectFrom('goals')
    .select(['metric', 'comparison', 'target'])
    .where('project_id', '=', projectId)
    .orderBy('metric')
    .execute()
  return rows.map((row) => ({
    metric: row.metric as GoalMetric,
    comparison: row.comparison as GoalComparison,
    target: Number(row.target),
  }))
}
