import type { HeedDatabase } from '../../db/open'
import { query, type SqlWork } from '../../db/work'

/** How many reporting-currency units one unit of `currency` bought in `month` ('YYYY-MM'), as decimal text. */
export interface MonthlyRate {
  currency: string
  month: string
  rate: string
}

/** Adds or replaces rates, all in one transaction. Rates are never removed: stored changes may depend on them. */
export function putRates(
  database: HeedDatabase,
  projectId: string,
  rates: readonly MonthlyRate[],
  now: number,
): Promise<void> {
  return database.transact(function* () {
    for (const { currency, month, rate } of rates) {
      yield* query(
        `INSERT INTO revenue_rates (project_id, currency, month, rate, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (project_id, currency, month) DO UPDATE SET rate = excluded.rate, updated_at = excluded.updated_at`,
        [projectId, currency, month, rate, now],
      )
    }
  })
}

export async function listRates(database: HeedDatabase, projectId: string): Promise<MonthlyRate[]> {
  return database.db
    .selectFrom('revenue_rates')
    .select(['currency', 'month', 'rate'])
    .where('project_id', '=', projectId)
    .orderBy('currency')
    .orderBy('month')
    .execute()
}

/** Which of the wanted (currency, month) pairs have no rate, as `${currency} ${month}` keys. */
export function* missingRates(projectId: string, wanted: ReadonlySet<string>): SqlWork<Set<string>> {
  const missing = new Set(wanted)
  const currencies = [...new Set([...wanted].map((key) => key.slice(0, 3)))]
  if (currencies.length === 0) return missing
  const { rows } = yield* query<{ currency: string; month: string }>(
    `SELECT currency, month FROM revenue_rates WHERE project_id = ? AND currency IN (${currencies.map(() => '?').join(', ')})`,
    [projectId, ...currencies],
  )
  for (const row of rows) missing.delete(`${row.currency} ${row.month}`)
  return missing
}
