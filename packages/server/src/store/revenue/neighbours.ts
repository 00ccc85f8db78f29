import type { RevenueStatus } from '@heed/shared/revenue/ledger'
import { paidMrr } from '@heed/shared/revenue/ledger'
import { sql } from 'kysely'
import type { HeedDatabase } from '../../db/open'
import { query, type SqlWork } from '../../db/work'

/*
 * Each ledger row carries what the figures need from its account's other changes, so that no read recomputes
 * it over the whole ledger: the previous change's instant, paid MRR and currency (prev_*), the next change's
 * instant (next_at), and the account's first paid instant (first_paid_at, the same on all its rows). Changes
 * inserted anywhere in an account's history, backfills too, relink the accounts they belong to, once per write. Amounts stay in their own
 * currency: reads convert them at each period's rate, so a rate given later needs nothing recomputed.
 */

interface NeighbourRow {
  at: number | string
  status: RevenueStatus
  mrr: number | string
  currency: string
  first_paid_at: number | string | null
}

/** Statements that link many changes at once take their accounts this many at a time (IN lists). */
const ACCOUNTS_PER_STATEMENT = 500

/**
 * Links the changes just inserted into their accounts' histories, in the inserting transaction: one statement
 * per 500 accounts recomputes every row of those accounts with window functions (previous and next change,
 * first paid instant) and writes only the rows whose links changed. A batch of any size, in any order, with
 * backfills anywhere, costs one pass over its accounts' rows rather than a few statements per change.
 */
export function* linkAccounts(projectId: string, accountIds: readonly string[]): SqlWork<void> {
  const accounts = [...new Set(accountIds)]
  for (let i = 0; i < accounts.length; i += ACCOUNTS_PER_STATEMENT) {
    const chunk = accounts.slice(i, i + ACCOUNTS_PER_STATEMENT)
    yield* query(
      `UPDATE revenue_changes SET prev_at = linked.prev_at, prev_paid = linked.prev_paid,
         prev_currency = linked.prev_currency, next_at = linked.next_at, first_paid_at = linked.first_paid_at
       FROM (
         SELECT id,
           LAG(at) OVER account AS prev_at,
           LAG(CASE WHEN status = 'active' THEN mrr ELSE 0 END) OVER account AS prev_paid,
           LAG(currency) OVER account AS prev_currency,
           LEAD(at) OVER account AS next_at,
           MIN(CASE WHEN status = 'active' AND mrr > 0 THEN at END) OVER (PARTITION BY account_id) AS first_paid_at
         FROM revenue_changes
         WHERE project_id = ? AND account_id IN (${chunk.map(() => '?').join(', ')})
         WINDOW account AS (PARTITION BY account_id ORDER BY at)
       ) AS linked
       WHERE revenue_changes.project_id = ? AND revenue_changes.id = linked.id
         AND (revenue_changes.prev_at IS DISTINCT FROM linked.prev_at
           OR revenue_changes.prev_paid IS DISTINCT FROM linked.prev_paid
           OR revenue_changes.prev_currency IS DISTINCT FROM linked.prev_currency
           OR revenue_changes.next_at IS DISTINCT FROM linked.next_at
           OR revenue_changes.first_paid_at IS DISTINCT FROM linked.first_paid_at)`,
      [projectId, ...chunk, projectId],
    )
  }
}

/**
 * Closes the gap a change withdrawn from its account's history leaves, in the deleting transaction: its two
 * neighbours now face each other, and when it was the account's first paid change the next paid one takes
 * that place on every row of the account.
 */
export function* unlinkChange(
  projectId: string,
  removed: { accountId: string; at: number; firstPaidAt: number | null },
): SqlWork<void> {
  const neighbour = (where: string, order: string) =>
    query<NeighbourRow>(
      `SELECT at, status, mrr, currency, first_paid_at FROM revenue_changes
       WHERE project_id = ? AND account_id = ? AND ${where} ORDER BY at ${order} LIMIT 1`,
      [projectId, removed.accountId, removed.at],
    )
  const previous = (yield* neighbour('at < ?', 'DESC')).rows[0]
  const next = (yield* neighbour('at > ?', 'ASC')).rows[0]
  if (previous) {
    yield* query(
      'UPDATE revenue_changes SET next_at = ? WHERE project_id = ? AND account_id = ? AND at = ?',
      [next ? Number(next.at) : null, projectId, removed.accountId, Number(previous.at)],
    )
  }
  if (next) {
    yield* query(
      `UPDATE revenue_changes SET prev_at = ?, prev_paid = ?, prev_currency = ?
       WHERE project_id = ? AND account_id = ? AND at = ?`,
      [
        previous ? Number(previous.at) : null,
        previous ? paidMrr({ status: previous.status, mrr: Number(previous.mrr) }) : null,
        previous?.currency ?? null,
        projectId,
        removed.accountId,
        Number(next.at),
      ],
    )
  }
  if (removed.firstPaidAt === removed.at) {
    yield* query(
      `UPDATE revenue_changes SET first_paid_at = (
         SELECT MIN(at) FROM revenue_changes
         WHERE project_id = ? AND account_id = ? AND status = 'active' AND mrr > 0
       ) WHERE project_id = ? AND account_id = ?`,
      [projectId, removed.accountId, projectId, removed.accountId],
    )
  }
}

/**
 * Recomputes a project's links from scratch with window functions, one statement: for ledgers written
 * straight into the table (the benchmark's seeding), and the reference the incremental links are tested against.
 */
export async function relinkLedger(database: HeedDatabase, projectId: string): Promise<void> {
  await sql`UPDATE revenue_changes SET prev_at = linked.prev_at, prev_paid = linked.prev_paid,
      prev_currency = linked.prev_currency, next_at = linked.next_at, first_paid_at = linked.first_paid_at
    FROM (
      SELECT id,
        LAG(at) OVER account AS prev_at,
        LAG(CASE WHEN status = 'active' THEN mrr ELSE 0 END) OVER account AS prev_paid,
        LAG(currency) OVER account AS prev_currency,
        LEAD(at) OVER account AS next_at,
        MIN(CASE WHEN status = 'active' AND mrr > 0 THEN at END) OVER (PARTITION BY account_id) AS first_paid_at
      FROM revenue_changes WHERE project_id = ${projectId}
      WINDOW account AS (PARTITION BY account_id ORDER BY at)
    ) AS linked
    WHERE revenue_changes.project_id = ${projectId} AND revenue_changes.id = linked.id`.execute(database.db)
}
