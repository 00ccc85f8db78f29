import type { HeedDatabase } from '../../db/open'
import { query } from '../../db/work'
import { conflictOn } from '../../errors'

/** The currency every revenue figure of the project is reported in. */
export async function reportingCurrency(database: HeedDatabase, projectId: string): Promise<string> {
  const row = await database.db
    .selectFrom('projects')
    .select('reporting_currency')
    .where('id', '=', projectId)
    .executeTakeFirst()
  if (!row) throw new Error(`project ${projectId} vanished`)
  return row.reporting_currency
}

/**
 * Sets the reporting currency while the ledger is empty. Once changes are stored it stays: their rates were
 * given against it, and converting every month the other way would need rates nobody supplied.
 */
export function setReportingCurrency(
  database: HeedDatabase,
  projectId: string,
  currency: string,
): Promise<void> {
  return database.transact(function* () {
    const { rows } = yield* query<{ reporting_currency: string }>(
      'SELECT reporting_currency FROM projects WHERE id = ?',
      [projectId],
    )
    if (rows[0]?.reporting_currency === currency) return
    const { rows: stored } = yield* query(
      'SELECT 1 AS one FROM revenue_changes WHERE project_id = ? LIMIT 1',
      [projectId],
    )
    if (stored.length > 0) {
      throw conflictOn('reportingCurrency', 'cannot change once the revenue ledger holds changes')
    }
    yield* query('UPDATE projects SET reporting_currency = ? WHERE id = ?', [currency, projectId])
  })
}
