import type { RevenueStatus } from '@heed/shared/revenue/ledger'
import { paidMrr } from '@heed/shared/revenue/ledger'
import { sql } from 'kysely'
import type { HeedDatabase } from '../../db/open'
import { query, type SqlWork } from '../../db/work'

/*
 * Each ledger row carries what the figures need from its account's other changes, so that no read recomputes
 * it over the whole ledger: the previous change's instant, paid MRR and currency (prev_*), the next change's
 * instant (next_at), and the account's first paid instant (first_paid_at, the same on all its rows). A
 * change inserted anywhere in an account's history, a backfill too, touches only its two neighbours and, when
 * it pays earlier than anything before, the account's rows' first_paid_at. Amounts stay in their own
 * currency: reads convert them at each period's rate, so a rate given later needs nothing recomputed.
 */

interface NeighbourRow {
  at: number | string
  status: RevenueStatus
  mrr: number | string
  currency: string
  first_paid_at: number | string | null
}

const asNumber = (value: number | string | null) => (value === null ? null : Number(value))

/** Links a change just inserted into its account's history, in the inserting transaction. */
export function* linkChange(
  projectId: string,
  change: { accountId: string; at: number; mrr: number; currency: string; status: RevenueStatus },
): SqlWork<void> {
  const neighbour = (where: string, order: string) =>
    query<NeighbourRow>(
      `SELECT at, status, mrr, currency, first_paid_at FROM revenue_changes
       WHERE project_id = ? AND account_id = ? AND ${where} ORDER BY at ${order} LIMIT 1`,
      [projectId, change.accountId, change.at],
    )
  const previous = (yield* neighbour('at < ?', 'DESC')).rows[0]
  const next = (yield* neighbour('at > ?', 'ASC')).rows[0]
  const paid = paidMrr(change)
  const firstPaid = asNumber(previous?.first_paid_at ?? next?.first_paid_at ?? null)
  const paysFirst = paid > 0 && (firstPaid === null || change.at < firstPaid)
  yield* query(
    `UPDATE revenue_changes SET prev_at = ?, prev_paid = ?, prev_currency = ?, next_at = ?, first_paid_at = ?
     WHERE project_id = ? AND account_id = ? AND at = ?`,
    [
      previous ? Number(previous.at) : null,
      previous ? paidMrr({ status: previous.status, mrr: Number(previous.mrr) }) : null,
      previous?.currency ?? null,
      next ? Number(next.at) : null,
      paysFirst ? change.at : firstPaid,
      projectId,
      change.accountId,
      change.at,
    ],
  )
  if (previous) {
    yield* query(
      'UPDATE revenue_changes SET next_at = ? WHERE project_id = ? AND account_id = ? AND at = ?',
      [change.at, projectId, change.accountId, Number(previous.at)],
    )
  }
  if (next) {
    yield* query(
      `UPDATE revenue_changes SET prev_at = ?, prev_paid = ?, prev_currency = ?
       WHERE project_id = ? AND account_id = ? AND at = ?`,
      [change.at, paid, change.currency, projectId, change.accountId, Number(next.at)],
    )
  }
  if (paysFirst && (previous || next)) {
    yield* query(
      'UPDATE revenue_changes SET first_paid_at = ? WHERE project_id = ? AND account_id = ? AND at <> ?',
      [change.at, projectId, change.accountId, change.at],
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
