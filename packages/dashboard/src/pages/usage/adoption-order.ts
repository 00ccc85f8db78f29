import type { UsageActor } from '../../usage-query'
import type { FeatureAdoptionJson } from './types'

/**
 * The features by adoption among the chosen actor, most adopted first. A share over nobody active (null)
 * goes last; equal shares by the other actor's share, then by name, so the order never shuffles on reload.
 */
export function byAdoption(
  features: readonly FeatureAdoptionJson[],
  actor: UsageActor,
): FeatureAdoptionJson[] {
  const other: UsageActor = actor === 'people' ? 'accounts' : 'people'
  const share = (feature: FeatureAdoptionJson, who: UsageActor) =>
    (who === 'people' ? feature.total.peopleShare : feature.total.accountsShare) ?? -1
  return [...features].sort(
    (a, b) =>
      share(b, actor) - share(a, actor) ||
      share(b, other) - share(a, other) ||
      a.label.localeCompare(b.label),
  )
}
