import { sql } from 'kysely'
import type { HeedDatabase } from '../../db/open'

const DAY_MS = 86_400_000

/** What happened to an account, newest first: one list whatever the source. */
export type TimelineEntry =
  | {
      kind: 'answer'
      at: number
      key: string
      responseId: string
      score: number | null
      bucket: string | null
      comment: string | null
      personId: string | null
    }
  | {
      kind: 'case_change'
      at: number
      key: string
      caseId: string
      field: string
      from: unknown
      to: unknown
      by: string
    }
  | {
      kind: 'revenue_change'
      at: number
      key: string
      changeId: string
      mrr: number
      currency: string
      status: string
      plan: string | null
    }
  | {
      kind: 'stage_change'
      at: number
      key: string
      stage: string
      source: string
      reason: string | null
      by: string | null
    }
  | { kind: 'feature_first_used'; at: number; key: string; feature: string }
  | {
      kind: 'health_band_change'
      at: number
      key: string
      day: string
      from: string | null
      to: string
      score: number | null
    }

interface Row {
  at: number | string
  key: string
  kind: string
  ref: string
  label: string | null
  detail: string | null
  extra: string | null
  actor: string | null
  amount: number | string | null
}

/**
 * A page of the account's timeline from the database (answers, case changes, revenue changes, stage
 * changes, first uses of each feature), newest first by (time, key), after `after`. One UNION ALL, each
 * branch reading its own table by the account; the keys ('answer:<id>', ...) make the order total.
 * A feature's first use is the UTC day of its first recorded use (the usage rollups' grain).
 */
export async function storedTimeline(
  database: HeedDatabase,
  projectId: string,
  accountId: string,
  page: { limit: number; after?: { at: number; id: string } },
): Promise<TimelineEntry[]> {
  const after = page.after
  const before = after === undefined ? sql`` : sql`WHERE (at, ${sql.ref('key')}) < (${after.at}, ${after.id})`
  const { rows } = await sql<Row>`
    SELECT * FROM (
      SELECT r.created_at AS at, 'answer:' || r.id AS key, 'answer' AS kind, r.id AS ref, r.bucket AS label,
        r.comment AS detail, r.person_id AS extra, CAST(NULL AS TEXT) AS actor, r.score AS amount
      FROM responses r WHERE r.project_id = ${projectId} AND r.account_id = ${accountId}
      UNION ALL
      SELECT e.at, 'case:' || e.case_id || ':' || CAST(e.version AS TEXT) || ':' || e.field, 'case_change', e.case_id,
        e.field, e.from_value, e.to_value, e.actor, NULL
      FROM case_events e
      JOIN cases c ON c.project_id = e.project_id AND c.id = e.case_id
      JOIN responses r ON r.project_id = c.project_id AND r.id = c.response_id
      WHERE e.project_id = ${projectId} AND r.account_id = ${accountId}
      UNION ALL
      SELECT m.at, 'revenue:' || m.id, 'revenue_change', m.id, m.status, m.currency, m.plan, NULL, m.mrr
      FROM revenue_changes m WHERE m.project_id = ${projectId} AND m.account_id = ${accountId}
      UNION ALL
      SELECT s.started_at, 'stage:' || CAST(s.started_at AS TEXT), 'stage_change', s.stage, s.source, s.reason,
        NULL, s.set_by, NULL
      FROM account_stage_history s WHERE s.project_id = ${projectId} AND s.account_id = ${accountId}
      UNION ALL
      SELECT CAST(MIN(u.day) AS BIGINT) * ${DAY_MS}, 'feature:' || u.feature_key, 'feature_first_used',
        u.feature_key, NULL, NULL, NULL, NULL, NULL
      FROM feature_usage u WHERE u.project_id = ${projectId} AND u.account_id = ${accountId}
      GROUP BY u.feature_key
    ) AS timeline
    ${before}
    ORDER BY at DESC, ${sql.ref('key')} DESC
    LIMIT ${page.limit}`.execute(database.reads)
  return rows.map((row) => entryOf(row))
}

const numberOrNull = (value: number | string | null) => (value === null ? null : Number(value))

function entryOf(row: Row): TimelineEntry {
  const at = Number(row.at)
  const key = row.key
  switch (row.kind) {
    case 'answer':
      return {
        kind: 'answer',
        at,
        key,
        responseId: row.ref,
        score: numberOrNull(row.amount),
        bucket: row.label,
        comment: row.detail,
        personId: row.extra,
      }
    case 'case_change':
      return {
        kind: 'case_change',
        at,
        key,
        caseId: row.ref,
        field: row.label ?? '',
        from: JSON.parse(row.detail ?? 'null') as unknown,
        to: JSON.parse(row.extra ?? 'null') as unknown,
        by: row.actor ?? '',
      }
    case 'revenue_change':
      return {
        kind: 'revenue_change',
        at,
        key,
        changeId: row.ref,
        mrr: Number(row.amount),
        currency: row.detail ?? '',
        status: row.label ?? '',
        plan: row.extra,
      }
    case 'stage_change':
      return {
        kind: 'stage_change',
        at,
        key,
        stage: row.ref,
        source: row.label ?? '',
        reason: row.detail,
        by: row.actor,
      }
    default:
      return { kind: 'feature_first_used', at, key, feature: row.ref }
  }
}

/** The days an account's health band changed (its first scored day included), from its daily snapshots. */
export function bandChanges(
  days: readonly { day: string; band: string | null; score: number | null }[],
  dayStart: (day: string) => number,
): TimelineEntry[] {
  const changes: TimelineEntry[] = []
  let previous: string | null = null
  for (const { day, band, score } of days) {
    if (band === null || band === previous) continue
    changes.push({
      kind: 'health_band_change',
      at: dayStart(day),
      key: `health:${day}`,
      day,
      from: previous,
      to: band,
      score,
    })
    previous = band
  }
  return changes
}
