import type { HeedDatabase } from '../../db/open'
import { getCatalogue } from './catalogue'
import { readRows } from './read'

export interface AccountFeature {
  key: string
  label: string
  /** Times used (events matching the feature), and the last use; 0 and null when never. */
  uses: number
  lastUsedAt: string | null
  /** Distinct people of the account who used it. */
  people: number
  /** Whether the account's plan (its trait `plan`) includes the feature: true when the feature lists no plans. */
  inPlan: boolean
}

export interface AccountFeatures {
  accountId: string
  plan: string | null
  features: AccountFeature[]
  /** Keys of the features it never used. */
  neverTried: string[]
  /** Keys of features used although its plan does not include them: an upsell signal. */
  outsidePlan: string[]
  rebuilding: boolean
}

/** Which catalogue features an account uses, never tried, and reaches outside its plan, from the rollups. */
export async function accountFeatures(
  database: HeedDatabase,
  projectId: string,
  accountId: string,
): Promise<AccountFeatures | undefined> {
  const account = await database.reads
    .selectFrom('accounts')
    .select('traits')
    .where('project_id', '=', projectId)
    .where('id', '=', accountId)
    .executeTakeFirst()
  if (account === undefined) return undefined
  const traits = (typeof account.traits === 'string' ? JSON.parse(account.traits) : account.traits) as Record<
    string,
    unknown
  >
  const plan =
    typeof traits.plan === 'string' ? traits.plan : traits.plan == null ? null : JSON.stringify(traits.plan)
  const [catalogue, rows] = await Promise.all([
    getCatalogue(database, projectId),
    readRows<{
      feature_key: string
      uses: number | string
      last_at: number | string
      people: number | string
    }>(
      database,
      `SELECT feature_key, SUM(uses) AS uses, MAX(last_at) AS last_at,
COUNT(DISTINCT CASE WHEN person_id <> '' THEN person_id END) AS people
FROM feature_usage WHERE project_id = ? AND account_id = ? GROUP BY feature_key`,
      [projectId, accountId],
    ),
  ])
  const used = new Map(rows.map((row) => [row.feature_key, row]))
  const features = catalogue.features.map((feature): AccountFeature => {
    const row = used.get(feature.key)
    return {
      key: feature.key,
      label: feature.label,
      uses: Number(row?.uses ?? 0),
      lastUsedAt: row === undefined ? null : new Date(Number(row.last_at)).toISOString(),
      people: Number(row?.people ?? 0),
      inPlan: feature.plans === undefined || (plan !== null && feature.plans.includes(plan)),
    }
  })
  return {
    accountId,
    plan,
    features,
    neverTried: features.filter((f) => f.uses === 0).map((f) => f.key),
    outsidePlan: features.filter((f) => f.uses > 0 && !f.inPlan).map((f) => f.key),
    rebuilding: catalogue.rebuild !== null,
  }
}
