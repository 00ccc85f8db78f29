import { emptyPeriodCounts, type PeriodCounts } from '@heed/shared/team/metrics'
import { sql } from 'kysely'
import type { HeedDatabase } from '../../db/open'
import { periodIndex } from '../score-queries'
import { ownerOf } from './owner'

const HOUR_MS = 3_600_000
/** How a status change to `contacted` is stored in case_events.to_value (JSON). */
const CONTACTED = JSON.stringify('contacted')

/** Period counts per owner (null: accounts without one, and answers without an account), one entry per period. */
export type OwnerPeriods = Map<string | null, PeriodCounts[]>

/**
 * What the CS team's metrics count, per owner and period ([bounds[i], bounds[i + 1])): accounts asked and
 * answering, detractor cases opened (followed up within SLA, with a root cause, hours to first contact), and
 * cases resolved (with a single contact). Each case counts under the owner its account has now.
 */
export async function countOwnerPeriods(
  database: HeedDatabase,
  projectId: string,
  bounds: readonly number[],
): Promise<OwnerPeriods> {
  const owner = ownerOf(database.dialect)
  const from = bounds[0]
  const to = bounds[bounds.length - 1]
  const [reach, opened, contactTimes, resolved] = await Promise.all([
    sql<{ owner: string | null; period: number | string; asked: number | string; answered: number | string }>`
      WITH touched AS (
        SELECT p.account_id, ${periodIndex('d.created_at', bounds)} AS period, 0 AS answered
        FROM displays d JOIN persons p ON p.project_id = d.project_id AND p.id = d.person_id
        WHERE d.project_id = ${projectId} AND p.account_id IS NOT NULL
          AND d.created_at >= ${from} AND d.created_at < ${to}
        UNION ALL
        SELECT r.account_id, ${periodIndex('r.created_at', bounds)}, 1 FROM responses r
        WHERE r.project_id = ${projectId} AND r.account_id IS NOT NULL
          AND r.created_at >= ${from} AND r.created_at < ${to}
      )
      SELECT ${owner} AS owner, touched.period, COUNT(DISTINCT touched.account_id) AS asked,
        COUNT(DISTINCT CASE WHEN touched.answered = 1 THEN touched.account_id END) AS answered
      FROM touched LEFT JOIN accounts ON accounts.project_id = ${projectId} AND accounts.id = touched.account_id
      GROUP BY 1, 2`.execute(database.reads),
    sql<{
      owner: string | null
      period: number | string
      opened: number | string
      in_sla: number | string
      rooted: number | string
    }>`
      SELECT ${owner} AS owner, ${periodIndex('c.created_at', bounds)} AS period, COUNT(*) AS opened,
        SUM(CASE WHEN c.first_contact_at IS NOT NULL AND c.first_contact_at <= c.due_at THEN 1 ELSE 0 END) AS in_sla,
        SUM(CASE WHEN c.root_cause IS NOT NULL THEN 1 ELSE 0 END) AS rooted
      FROM cases c JOIN responses r ON r.project_id = c.project_id AND r.id = c.response_id
      LEFT JOIN accounts ON accounts.project_id = c.project_id AND accounts.id = r.account_id
      WHERE c.project_id = ${projectId} AND c.created_at >= ${from} AND c.created_at < ${to}
      GROUP BY 1, 2`.execute(database.reads),
    sql<{ owner: string | null; period: number | string; waited: number | string }>`
      SELECT ${owner} AS owner, ${periodIndex('c.created_at', bounds)} AS period,
        c.first_contact_at - c.created_at AS waited
      FROM cases c JOIN responses r ON r.project_id = c.project_id AND r.id = c.response_id
      LEFT JOIN accounts ON accounts.project_id = c.project_id AND accounts.id = r.account_id
      WHERE c.project_id = ${projectId} AND c.created_at >= ${from} AND c.created_at < ${to}
        AND c.first_contact_at IS NOT NULL`.execute(database.reads),
    sql<{
      owner: string | null
      period: number | string
      resolved: number | string
      single: number | string
    }>`
      SELECT ${owner} AS owner, ${periodIndex('c.resolved_at', bounds)} AS period, COUNT(*) AS resolved,
        SUM(CASE WHEN (SELECT COUNT(*) FROM case_events e WHERE e.project_id = c.project_id AND e.case_id = c.id
          AND e.field = 'status' AND e.to_value = ${CONTACTED}) <= 1 THEN 1 ELSE 0 END) AS single
      FROM cases c JOIN responses r ON r.project_id = c.project_id AND r.id = c.response_id
      LEFT JOIN accounts ON accounts.project_id = c.project_id AND accounts.id = r.account_id
      WHERE c.project_id = ${projectId} AND c.status = 'resolved'
        AND c.resolved_at >= ${from} AND c.resolved_at < ${to}
      GROUP BY 1, 2`.execute(database.reads),
  ])
  const periods = bounds.length - 1
  const result: OwnerPeriods = new Map()
  const at = (key: string | null, period: number | string) => {
    let list = result.get(key)
    if (!list) {
      list = Array.from({ length: periods }, emptyPeriodCounts)
      result.set(key, list)
    }
    const counts = list[Number(period)]
    if (!counts) throw new Error(`period ${period} outside ${periods} periods`)
    return counts
  }
  for (const row of reach.rows) {
    const counts = at(row.owner, row.period)
    counts.accountsAsked += Number(row.asked)
    counts.accountsAnswered += Number(row.answered)
  }
  for (const row of opened.rows) {
    const counts = at(row.owner, row.period)
    counts.casesOpened += Number(row.opened)
    counts.casesContactedInSla += Number(row.in_sla)
    counts.casesWithRootCause += Number(row.rooted)
  }
  for (const row of contactTimes.rows) {
    const counts = at(row.owner, row.period)
    // Each period's list is its own fresh array (emptyPeriodCounts), so adding to it in place is safe.
    ;(counts.hoursToFirstContact as number[]).push(Number(row.waited) / HOUR_MS)
  }
  for (const row of resolved.rows) {
    const counts = at(row.owner, row.period)
    counts.casesResolved += Number(row.resolved)
    counts.casesResolvedFirstContact += Number(row.single)
  }
  return result
}
