import type { TFeature } from '@heed/shared/usage/features'
import type { HeedDatabase } from '../../db/open'

/**
 * Where an account stands with one feature of the catalogue:
 * - `used`: used in the 30 days before now;
 * - `outside_plan`: not used lately, and the feature lists plans that do not include the account's `plan`
 *   trait (an upsell, not an adoption gap);
 * - `not_lately`: used before, but not in the last 30 days;
 * - `never_tried`: never used by anyone of the account.
 */
export type FeatureStatus = 'used' | 'outside_plan' | 'not_lately' | 'never_tried'

export interface AccountFeature {
  key: string
  label: string
  status: FeatureStatus
  /** The account's latest use, whenever it was; null if never. */
  lastUsedAt: number | null
}

const WINDOW_MS = 30 * 86_400_000

/** The status of each catalogue feature for one account, in catalogue order. */
export async function accountFeatureStatuses(
  database: HeedDatabase,
  projectId: string,
  accountId: string,
  catalogue: readonly TFeature[],
  plan: unknown,
  now: number,
): Promise<AccountFeature[]> {
  if (catalogue.length === 0) return []
  const uses = await database.reads
    .selectFrom('feature_usage')
    .select(['feature_key', (eb) => eb.fn.max('last_at').as('last_at')])
    .where('project_id', '=', projectId)
    .where('account_id', '=', accountId)
    .groupBy('feature_key')
    .execute()
  const lastUse = new Map(uses.map((row) => [row.feature_key, Number(row.last_at)]))
  return catalogue.map((feature) => {
    const lastUsedAt = lastUse.get(feature.key) ?? null
    const inPlan = feature.plans === undefined || (typeof plan === 'string' && feature.plans.includes(plan))
    const status: FeatureStatus =
      lastUsedAt !== null && lastUsedAt > now - WINDOW_MS
        ? 'used'
        : !inPlan
          ? 'outside_plan'
          : lastUsedAt !== null
            ? 'not_lately'
            : 'never_tried'
    return { key: feature.key, label: feature.label, status, lastUsedAt }
  })
}
