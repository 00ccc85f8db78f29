import { formatPercent } from '../../format'
import { ScrollRegion } from '../../ui/scroll-region'
import type { UsageActor } from '../../usage-query'
import { byAdoption } from './adoption-order'
import type { FeatureAdoptionJson } from './types'

/**
 * The catalogue's features, most adopted first: people and accounts who used each in the range and their
 * share of those active. The share of the chosen actor carries a bar, an aid to the eye beside the figure.
 */
/** On a phone only the counted actor's columns show (`hide-narrow`): the People/Accounts switch picks them. */
export function AdoptionTable({
  features,
  actor,
}: {
  features: readonly FeatureAdoptionJson[]
  actor: UsageActor
}) {
  const narrow = (who: UsageActor) => (who === actor ? '' : ' hide-narrow')
  return (
    <ScrollRegion label="Feature adoption">
      <table class="table adoption">
        <thead>
          <tr>
            <th scope="col">Feature</th>
            <th scope="col" class={`num${narrow('people')}`}>
              People
            </th>
            <th scope="col" class={`share${narrow('people')}`}>
              % of active people
            </th>
            <th scope="col" class={`num${narrow('accounts')}`}>
              Accounts
            </th>
            <th scope="col" class={`share${narrow('accounts')}`}>
              % of active accounts
            </th>
          </tr>
        </thead>
        <tbody>
          {byAdoption(features, actor).map((feature) => (
            <tr key={feature.key}>
              <th scope="row">{feature.label}</th>
              <td class={`num${narrow('people')}`}>{feature.total.people}</td>
              <ShareCell value={feature.total.peopleShare} bar={actor === 'people'} />
              <td class={`num${narrow('accounts')}`}>{feature.total.accounts}</td>
              <ShareCell value={feature.total.accountsShare} bar={actor === 'accounts'} />
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  )
}

function ShareCell({ value, bar }: { value: number | null; bar: boolean }) {
  return (
    <td class={bar ? 'share' : 'share hide-narrow'}>
      <span class="share-value">{formatPercent(value)}</span>
      {bar && (
        <span class="share-bar" aria-hidden="true">
          <span class="share-fill" style={{ width: `${Math.min(1, value ?? 0) * 100}%` }} />
        </span>
      )}
    </td>
  )
}
