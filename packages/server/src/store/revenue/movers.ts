import {
  addAccountPeriod,
  emptyMovementTotals,
  type MovementKind,
  movementOf,
} from '@heed/shared/revenue/movements'
import { sql } from 'kysely'
import { parseJsonObject } from '../json'
import type { ExchangeRates } from './exchange'
import type { ReadDatabase } from './read-database'

/** An account behind a period's figures: its movement, who it is, and how it last answered a survey. */
export interface Mover {
  accountId: string
  kind: MovementKind
  /** Minor units of the reporting currency, at the period's rate. */
  amount: number
  start: number
  end: number
  /** The account's `name` and `owner` traits, when it has them. */
  name: string | null
  owner: string | null
  latestScore: { kind: string; score: number; at: number } | null
}

const PAID = sql`CASE WHEN status = 'active' THEN mrr ELSE 0 END`
const n = (value: unknown) => Number(value ?? 0)

interface SpanRow {
  account_id: string
  start_paid: number | string | null
  start_currency: string | null
  end_paid: number | string
  end_currency: string
  paid_before: number | string
}

/** One account's movement in a period, in the reporting currency at the period's rate. */
export interface AccountMovement {
  accountId: string
  kind: MovementKind
  amount: number
  start: number
  end: number
}

/** Which movements a caller needs: the biggest `perKind` of each kind, and every one of the kinds in `all`. */
export interface MovementSelection {
  perKind: number
  all?: readonly MovementKind[]
}

/**
 * The accounts' movements in one period [start, end): every one, or with `selection` at least those it asks
 * for (ties at the cut included; callers sort and cut). Only the accounts with a change inside the period can
 * have moved, so only theirs are read; SQL classifies and ranks those paid in the reporting currency at both
 * ends, and the others come back as they are, to be converted at the period's rate here.
 */
export async function accountMovements(
  database: ReadDatabase,
  scope: { projectId: string; start: number; end: number; rateMonth: string; rates: ExchangeRates },
  selection?: MovementSelection,
): Promise<AccountMovement[]> {
  const reporting = scope.rates.reporting
  // The period's changes, found through (project, at); each carries its neighbours (neighbours.ts), so the
  // first one's previous change is the start and the last one (no next change before the end) the end.
  const spans = sql`SELECT account_id,
      MAX(CASE WHEN prev_at IS NULL OR prev_at < ${scope.start} THEN COALESCE(prev_paid, 0) END) AS start_paid,
      MAX(CASE WHEN prev_at IS NULL OR prev_at < ${scope.start} THEN prev_currency END) AS start_currency,
      MAX(CASE WHEN next_at IS NULL OR next_at >= ${scope.end} THEN ${PAID} END) AS end_paid,
      MAX(CASE WHEN next_at IS NULL OR next_at >= ${scope.end} THEN currency END) AS end_currency,
      MAX(CASE WHEN first_paid_at < ${scope.start} THEN 1 ELSE 0 END) AS paid_before
    FROM revenue_changes
    WHERE project_id = ${scope.projectId} AND at >= ${scope.start} AND at < ${scope.end}
    GROUP BY account_id`
  const selected = () => {
    if (!selection) return spans
    // movementOf in SQL, for the accounts in the reporting currency (or paying nothing) at both ends.
    const kinds = [...(selection.all ?? [])]
    return sql`SELECT account_id, start_paid, start_currency, end_paid, end_currency, paid_before FROM (
        SELECT ranked.*, RANK() OVER (PARTITION BY kind ORDER BY amount DESC) AS place FROM (
          SELECT spans.*, CASE
              WHEN (start_paid = 0 OR start_currency = ${reporting}) AND (end_paid = 0 OR end_currency = ${reporting})
              THEN CASE WHEN start_paid = end_paid THEN 'none'
                WHEN start_paid = 0 THEN CASE WHEN paid_before = 1 THEN 'reactivation' ELSE 'new' END
                WHEN end_paid = 0 THEN 'churn'
                WHEN end_paid > start_paid THEN 'expansion' ELSE 'contraction' END
            END AS kind,
            CASE WHEN end_paid > start_paid THEN end_paid - start_paid ELSE start_paid - end_paid END AS amount
          FROM (${spans}) AS spans
        ) AS ranked
      ) AS placed
      WHERE kind IS NULL
        OR (kind <> 'none' AND place <= ${selection.perKind})
        ${kinds.length > 0 ? sql`OR kind IN (${sql.join(kinds)})` : sql``}`
  }
  const { rows } = await sql<SpanRow>`${selected()}`.execute(database.reads)

  const moved: AccountMovement[] = []
  for (const row of rows) {
    const account = {
      start: scope.rates.convert(
        n(row.start_paid),
        row.start_currency ?? scope.rates.reporting,
        scope.rateMonth,
      ),
      end: scope.rates.convert(n(row.end_paid), row.end_currency, scope.rateMonth),
      paidBefore: n(row.paid_before) === 1,
    }
    // Validated like every summed period, so a movement is never something the totals would refuse.
    addAccountPeriod(emptyMovementTotals(), account)
    const movement = movementOf(account)
    if (movement)
      moved.push({ accountId: row.account_id, ...movement, start: account.start, end: account.end })
  }
  return moved
}

/** The largest movements of one period, `limit` of each kind, biggest first, with who the accounts are. */
export async function largestMovers(
  database: ReadDatabase,
  scope: {
    projectId: string
    start: number
    end: number
    rateMonth: string
    rates: ExchangeRates
    limit: number
    /** The period's accountMovements, selecting at least the `limit` biggest of each kind, when the caller needs them for something else too. */
    moved?: Promise<AccountMovement[]>
  },
): Promise<Record<MovementKind, Mover[]>> {
  const movers: Record<MovementKind, Mover[]> = {
    new: [],
    expansion: [],
    contraction: [],
    churn: [],
    reactivation: [],
  }
  for (const movement of await (scope.moved ?? accountMovements(database, scope, { perKind: scope.limit }))) {
    movers[movement.kind].push({ ...movement, name: null, owner: null, latestScore: null })
  }
  for (const kind of Object.keys(movers) as MovementKind[]) {
    movers[kind].sort((a, b) => b.amount - a.amount || (a.accountId < b.accountId ? -1 : 1))
    movers[kind] = movers[kind].slice(0, scope.limit)
  }
  await describeAccounts(database, scope.projectId, Object.values(movers).flat())
  return movers
}

/** Fills in each mover's name, owner and latest survey score. */
async function describeAccounts(database: ReadDatabase, projectId: string, movers: Mover[]): Promise<void> {
  const ids = [...new Set(movers.map((mover) => mover.accountId))]
  if (ids.length === 0) return
  const [accounts, responses] = await Promise.all([
    database.reads
      .selectFrom('accounts')
      .select(['id', 'traits'])
      .where('project_id', '=', projectId)
      .where('id', 'in', ids)
      .execute(),
    database.reads
      .selectFrom('responses')
      .innerJoin('surveys', (join) =>
        join
          .onRef('surveys.project_id', '=', 'responses.project_id')
          .onRef('surveys.id', '=', 'responses.survey_id'),
      )
      .select(['responses.account_id', 'responses.score', 'responses.created_at', 'surveys.kind'])
      .where('responses.project_id', '=', projectId)
      .where('responses.account_id', 'in', ids)
      .where('responses.score', 'is not', null)
      .orderBy('responses.created_at', 'desc')
      .execute(),
  ])
  const traits = new Map(accounts.map((account) => [account.id, parseJsonObject(account.traits)]))
  const latest = new Map<string, Mover['latestScore']>()
  for (const response of responses) {
    if (response.account_id === null || latest.has(response.account_id)) continue
    latest.set(response.account_id, {
      kind: response.kind,
      score: Number(response.score),
      at: Number(response.created_at),
    })
  }
  for (const mover of movers) {
    const own = traits.get(mover.accountId) ?? {}
    mover.name = typeof own.name === 'string' ? own.name : null
    mover.owner = typeof own.owner === 'string' ? own.owner : null
    mover.latestScore = latest.get(mover.accountId) ?? null
  }
}
