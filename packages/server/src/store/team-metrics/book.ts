import { type BookCounts, emptyBookCounts } from '@heed/shared/team/book'
import { isCoverageRole, ROLE_TRAIT } from '@heed/shared/team/roles'
import { sql } from 'kysely'
import type { HeedDatabase } from '../../db/open'
import type { ExchangeRates } from '../revenue/exchange'
import { ownerOf } from './owner'

/** Book counts keyed by owner (null: accounts without one). */
export type Books = Map<string | null, BookCounts>

/**
 * Each CS manager's book as it is at `now`: accounts and their health bands, MRR (each currency's total of the
 * latest ledger changes, converted at `month`'s rate), and the accounts with a decision-maker or champion.
 */
export async function countBooks(
  database: HeedDatabase,
  projectId: string,
  { now, month, rates }: { now: number; month: string; rates: ExchangeRates },
): Promise<Books> {
  const owner = ownerOf(database.dialect)
  const role =
    database.dialect === 'postgres'
      ? sql<string | null>`(p.traits::jsonb ->> ${ROLE_TRAIT}::text)`
      : sql<string | null>`json_extract(p.traits, ${`$."${ROLE_TRAIT}"`})`
  const [bands, revenue, roles] = await Promise.all([
    sql<{ owner: string | null; band: string | null; n: number | string }>`
      SELECT ${owner} AS owner, h.band, COUNT(*) AS n FROM accounts
      LEFT JOIN account_health h ON h.project_id = accounts.project_id AND h.account_id = accounts.id
      WHERE accounts.project_id = ${projectId} GROUP BY 1, 2`.execute(database.reads),
    sql<{ owner: string | null; currency: string; paid: number | string }>`
      SELECT ${owner} AS owner, m.currency, SUM(CASE WHEN m.status = 'active' THEN m.mrr ELSE 0 END) AS paid
      FROM accounts JOIN revenue_changes m ON m.project_id = accounts.project_id AND m.account_id = accounts.id
        AND m.at = (SELECT MAX(c.at) FROM revenue_changes c
          WHERE c.project_id = accounts.project_id AND c.account_id = accounts.id AND c.at <= ${now})
      WHERE accounts.project_id = ${projectId} GROUP BY 1, 2`.execute(database.reads),
    sql<{ owner: string | null; id: string; role: string | number | null }>`
      SELECT DISTINCT ${owner} AS owner, accounts.id, ${role} AS role FROM accounts
      JOIN persons p ON p.project_id = accounts.project_id AND p.account_id = accounts.id
      WHERE accounts.project_id = ${projectId} AND ${role} IS NOT NULL`.execute(database.reads),
  ])
  const books: Books = new Map()
  const book = (key: string | null) => {
    let found = books.get(key)
    if (!found) {
      found = emptyBookCounts()
      books.set(key, found)
    }
    return found
  }
  for (const row of bands.rows) {
    const into = book(row.owner)
    const n = Number(row.n)
    into.accounts += n
    if (row.band === 'green' || row.band === 'yellow' || row.band === 'red') into.health[row.band] += n
    else into.health.unscored += n
  }
  for (const row of revenue.rows) {
    book(row.owner).mrr += rates.convert(Number(row.paid), row.currency, month)
  }
  const covered = new Set<string>()
  for (const row of roles.rows) {
    if (covered.has(row.id) || !isCoverageRole(row.role)) continue
    covered.add(row.id)
    book(row.owner).accountsCovered++
  }
  return books
}
