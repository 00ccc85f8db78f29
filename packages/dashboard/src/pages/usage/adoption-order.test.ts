import { describe, expect, it } from 'vitest'
import { byAdoption } from './adoption-order'
import type { FeatureAdoptionJson } from './types'

const feature = (
  label: string,
  peopleShare: number | null,
  accountsShare: number | null,
): FeatureAdoptionJson => ({
  key: label.toLowerCase(),
  label,
  total: { people: 0, accounts: 0, peopleShare, accountsShare },
})

describe('the feature adoption order', () => {
  const features = [
    feature('Alerts', 0.29, 0.77),
    feature('Reports', 0.75, 1),
    feature('SSO', null, null),
    feature('Dashboards', 0.65, 1),
    feature('Filters', 0.65, 0.77),
    feature('API', 0, 0),
  ]

  it('puts the most adopted first among the chosen actor, ties by the other, nobody active last', () => {
    expect(byAdoption(features, 'people').map((f) => f.label)).toEqual([
      'Reports',
      'Dashboards',
      'Filters',
      'Alerts',
      'API',
      'SSO',
    ])
    expect(byAdoption(features, 'accounts').map((f) => f.label)).toEqual([
      'Reports',
      'Dashboards',
      'Filters',
      'Alerts',
      'API',
      'SSO',
    ])
  })

  it('orders equal shares by name, and leaves the catalogue it was given as it was', () => {
    const tied = [feature('b', 0.5, 0.5), feature('a', 0.5, 0.5)]
    expect(byAdoption(tied, 'people').map((f) => f.label)).toEqual(['a', 'b'])
    expect(tied.map((f) => f.label)).toEqual(['b', 'a'])
  })
})
