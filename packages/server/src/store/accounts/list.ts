import { LIFECYCLE_STAGES } from '@heed/shared/lifecycle/stages'
import { type RawBuilder, sql } from 'kysely'
import type { HeedDatabase } from '../../db/open'
import type { HealthBand, LifecycleStageName } from '../../db/schema'
import { parseJsonObject } from '../json'
import { accountCounts } from '../people-queries'
import { accountTrait } from '../revenue/account-trait'
import { ExchangeRates } from '../revenue/exchange'
import { monthOf } from '../revenue/months'
import { reportingCurrency } from '../revenue/settings'
import { mrrKeySql } from './mrr-key'

export const ACCOUNT_SORTS = ['lastActivity', 'health', 'mrr', 'nps', 'stage', 'owner'] as const
export type AccountSort = (typeof ACCOUNT_SORTS)[number]

/** The account trait naming its customer-success manager (an e-mail, compared without case). */
export const OWNER_TRAIT = 'owner'

/** Every condition given must hold; a list holds when any of its items does. Bounds are inclusive. */
export interface AccountFilter {
  /** One account (the overview reads its summary through the list). */
  id?: string
  bands?: readonly HealthBand[]
  stages?: readonly LifecycleStageName[]
  /** An owner's e-mail, or null for the accounts without one. */
  owner?: string | null
  healthMin?: number
  healthMax?: number
  /** Current MRR in the reporting currency's minor units. */
  mrrMin?: number
  mrrMax?: number
  /** The account's NPS over the NPS window, −100..100. */
  npsMin?: number
  npsMax?: number
  /** Last seen at or after / before these instants. */
  activeFrom?: number
  activeTo?: number
}

export interface AccountListOptions {
  sort: AccountSort
  order: 'asc' | 'desc'
  /** Answers counted in each account's NPS: created in [from, to); all of them when left out. */
  npsWindow: { from?: number; to?: number }
  now: number
  timeZone: string
}

export interface AccountSummary {
  id: string
  traits: Record<string, unknown>
  firstSeen: number
  lastSeen: number
  owner: string | null
  health: { score: number | null; band: HealthBand | null; computedAt: number } | null
  stage: { stage: LifecycleStageName; since: number; source: 'rule' | 'manual' } | null
  /** The latest ledger change at or before now, its MRR in the reporting currency (0 unless active). */
  mrr: { amount: number; currency: string; status: string; plan: string | null } | null
  nps: { answers: number; promoters: number; detractors: number }
  /** The score of the account's latest NPS answer, whenever it was given. */
  latestNpsScore: number | null
  personCount: number
  responseCount: number
  /** The sort key of the row, for the next page's cursor; see accountPosition. */
  sortKey: number
  /** The owner (or '') when sorted by owner: the key's second part. */
  sortText?: string
}

/** Where a listing continues after `account`: its sort key, the owner when sorted by owner, and its id. */
export const accountPosition = (account: AccountSummary) => ({
  at: account.sortKey,
  id: account.id,
  ...(account.sortText !== undefined && { text: account.sortText }),
})

/** Sort keys of accounts without the value: below every real value descending, above it ascending. */
const MISSING_LOW = -1_000_000_000_000_000
const MISSING_HIGH = 1_000_000_000_000_000

interface Row {
  id: string
  traits: string
  first_seen: number | string
  last_seen: number | string
  owner: string | null
  health_score: number | null
  health_band: HealthBand | null
  health_at: number | string | null
  stage: LifecycleStageName | null
  stage_since: number | string | null
  stage_source: 'rule' | 'manual' | null
  mrr_native: number | string | null
  mrr_currency: string | null
  mrr_status: string | null
  mrr_plan: string | null
  nps_answers: number | string | null
  nps_promoters: number | string | null
  nps_detractors: number | string | null
  latest_nps: number | null
  sort_key: number | string
  sort_text: string
}

const numberOrNull = (value: number | string | null) => (value === null ? null : Number(value))

/**
 * One page of the project's accounts with what a CSM sorts and filters them by: health and band, lifecycle
 * stage, current MRR, NPS, owner and last activity. One statement: the per-account figures are joined
 * before the filters and the keyset condition, so a page costs the same wherever it starts.
 */
export async function listAccountSummaries(
  database: HeedDatabase,
  projectId: string,
  filter: AccountFilter,
  options: AccountListOptions,
  page: { limit: number; after?: { at: number; id: string; text?: string } },
): Promise<AccountSummary[]> {
  const reporting = await reportingCurrency(database, projectId)
  const [rates, currencyRows] = await Promise.all([
    ExchangeRates.load(database, projectId, reporting),
    database.reads
      .selectFrom('revenue_changes')
      .select('currency')
      .distinct()
      .where('project_id', '=', projectId)
      .execute(),
  ])
  const month = monthOf(options.now, options.timeZone)
  const mrrKey = mrrKeySql(
    rates,
    currencyRows.map((row) => row.currency),
    month,
  )
  const owner = sql<string | null>`LOWER(TRIM(${accountTrait(database.dialect, OWNER_TRAIT)}))`
  const npsFrom =
    options.npsWindow.from === undefined ? sql`` : sql`AND r.created_at >= ${options.npsWindow.from}`
  const npsTo = options.npsWindow.to === undefined ? sql`` : sql`AND r.created_at < ${options.npsWindow.to}`
  const missing = sql`CAST(${options.order === 'desc' ? MISSING_LOW : MISSING_HIGH} AS BIGINT)`
  const sortKey: Record<AccountSort, RawBuilder<unknown>> = {
    lastActivity: sql`accounts.last_seen`,
    health: sql`COALESCE(h.score, ${missing})`,
    mrr: sql`CASE WHEN m.account_id IS NULL THEN ${missing} ELSE ${mrrKey} END`,
    // NPS in hundredths, rounded towards zero: an integer key both dialects compare alike.
    nps: sql`CASE WHEN n.answers > 0 THEN (10000 * (n.promoters - n.detractors)) / n.answers ELSE ${missing} END`,
    // The stage's place in the journey (trial 0 … churned 6).
    stage: sql`CASE ${sql.join(
      LIFECYCLE_STAGES.map((stage, index) => sql`WHEN s.stage = ${stage} THEN ${sql.lit(index)}`),
      sql` `,
    )} ELSE ${missing} END`,
    // Owned accounts first, then by the owner's e-mail (sort_text); nobody's last, either way.
    owner: sql`CASE WHEN NULLIF(${owner}, '') IS NULL THEN ${missing} ELSE 0 END`,
  }
  // The owner compared byte by byte on both dialects: PostgreSQL's default collation would order
  // punctuation in e-mails differently from SQLite.
  const byteOrder = database.dialect === 'postgres' ? sql` COLLATE "C"` : sql``
  const sortText = options.sort === 'owner' ? sql`COALESCE(NULLIF(${owner}, ''), '')${byteOrder}` : sql`''`

  const conditions: RawBuilder<unknown>[] = []
  const add = (condition: RawBuilder<unknown>) => conditions.push(condition)
  if (filter.id !== undefined) add(sql`id = ${filter.id}`)
  if (filter.bands !== undefined) add(sql`health_band IN (${sql.join(filter.bands)})`)
  if (filter.stages !== undefined) add(sql`stage IN (${sql.join(filter.stages)})`)
  if (filter.owner === null) add(sql`owner IS NULL`)
  else if (filter.owner !== undefined) add(sql`owner = ${filter.owner.toLowerCase()}`)
  if (filter.healthMin !== undefined) add(sql`health_score >= ${filter.healthMin}`)
  if (filter.healthMax !== undefined) add(sql`health_score <= ${filter.healthMax}`)
  if (filter.mrrMin !== undefined) add(sql`mrr_key >= ${filter.mrrMin}`)
  if (filter.mrrMax !== undefined) add(sql`mrr_key <= ${filter.mrrMax}`)
  // NPS bounds on the exact ratio: 100·(P − D) ≥ bound·n, without rounding.
  if (filter.npsMin !== undefined) {
    add(sql`nps_answers > 0 AND 100 * (nps_promoters - nps_detractors) >= ${filter.npsMin} * nps_answers`)
  }
  if (filter.npsMax !== undefined) {
    add(sql`nps_answers > 0 AND 100 * (nps_promoters - nps_detractors) <= ${filter.npsMax} * nps_answers`)
  }
  if (filter.activeFrom !== undefined) add(sql`last_seen >= ${filter.activeFrom}`)
  if (filter.activeTo !== undefined) add(sql`last_seen < ${filter.activeTo}`)
  const after = page.after
  if (after !== undefined) {
    add(
      options.order === 'desc'
        ? sql`(sort_key, sort_text, id) < (${after.at}, ${after.text ?? ''}, ${after.id})`
        : sql`(sort_key, sort_text, id) > (${after.at}, ${after.text ?? ''}, ${after.id})`,
    )
  }
  const where = conditions.length === 0 ? sql`` : sql`WHERE ${sql.join(conditions, sql` AND `)}`
  const direction = options.order === 'desc' ? sql`DESC` : sql`ASC`

  const { rows } = await sql<Row>`
    SELECT * FROM (
      SELECT accounts.id, accounts.traits, accounts.first_seen, accounts.last_seen,
        NULLIF(${owner}, '') AS owner,
        h.score AS health_score, h.band AS health_band, h.computed_at AS health_at,
        s.stage, s.since AS stage_since, s.source AS stage_source,
        m.mrr AS mrr_native, m.currency AS mrr_currency, m.status AS mrr_status, m.plan AS mrr_plan,
        CASE WHEN m.account_id IS NULL THEN NULL ELSE ${mrrKey} END AS mrr_key,
        n.answers AS nps_answers, n.promoters AS nps_promoters, n.detractors AS nps_detractors,
        (SELECT r.score FROM responses r JOIN surveys v ON v.project_id = r.project_id AND v.id = r.survey_id
          WHERE r.project_id = accounts.project_id AND r.account_id = accounts.id AND v.kind = 'nps'
            AND r.score IS NOT NULL
          ORDER BY r.created_at DESC, r.id DESC LIMIT 1) AS latest_nps,
        ${sortKey[options.sort]} AS sort_key, ${sortText} AS sort_text
      FROM accounts
      LEFT JOIN account_health h ON h.project_id = accounts.project_id AND h.account_id = accounts.id
      LEFT JOIN account_stages s ON s.project_id = accounts.project_id AND s.account_id = accounts.id
      LEFT JOIN revenue_changes m ON m.project_id = accounts.project_id AND m.account_id = accounts.id
        AND m.at = (SELECT MAX(c.at) FROM revenue_changes c
          WHERE c.project_id = accounts.project_id AND c.account_id = accounts.id AND c.at <= ${options.now})
      LEFT JOIN (
        SELECT r.account_id, COUNT(*) AS answers,
          SUM(CASE WHEN r.bucket = 'promoter' THEN 1 ELSE 0 END) AS promoters,
          SUM(CASE WHEN r.bucket = 'detractor' THEN 1 ELSE 0 END) AS detractors
        FROM responses r JOIN surveys v ON v.project_id = r.project_id AND v.id = r.survey_id
        WHERE r.project_id = ${projectId} AND v.kind = 'nps' AND r.score IS NOT NULL
          AND r.account_id IS NOT NULL ${npsFrom} ${npsTo}
        GROUP BY r.account_id
      ) n ON n.account_id = accounts.id
      WHERE accounts.project_id = ${projectId}
    ) AS listed
    ${where}
    ORDER BY sort_key ${direction}, sort_text ${direction}, id ${direction}
    LIMIT ${page.limit}`.execute(database.reads)

  const counts = await accountCounts(
    database,
    projectId,
    rows.map((row) => row.id),
  )
  return rows.map((row) => ({
    id: row.id,
    traits: parseJsonObject(row.traits),
    firstSeen: Number(row.first_seen),
    lastSeen: Number(row.last_seen),
    owner: row.owner,
    health:
      row.health_at === null
        ? null
        : { score: numberOrNull(row.health_score), band: row.health_band, computedAt: Number(row.health_at) },
    stage:
      row.stage === null || row.stage_since === null || row.stage_source === null
        ? null
        : { stage: row.stage, since: Number(row.stage_since), source: row.stage_source },
    mrr:
      row.mrr_native === null || row.mrr_currency === null || row.mrr_status === null
        ? null
        : {
            amount: rates.convert(
              row.mrr_status === 'active' ? Number(row.mrr_native) : 0,
              row.mrr_currency,
              month,
            ),
            currency: reporting,
            status: row.mrr_status,
            plan: row.mrr_plan,
          },
    nps: {
      answers: Number(row.nps_answers ?? 0),
      promoters: Number(row.nps_promoters ?? 0),
      detractors: Number(row.nps_detractors ?? 0),
    },
    latestNpsScore: numberOrNull(row.latest_nps),
    personCount: counts.get(row.id)?.personCount ?? 0,
    responseCount: counts.get(row.id)?.responseCount ?? 0,
    sortKey: Number(row.sort_key),
    ...(options.sort === 'owner' && { sortText: row.sort_text }),
  }))
}
