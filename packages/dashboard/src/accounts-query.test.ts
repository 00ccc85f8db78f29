import { describe, expect, it } from 'vitest'
import { accountsApiParams, accountsLink, parseAccountsQuery, sortLink } from './accounts-query'

describe('the accounts query', () => {
  it('reads sort, filters and cursor from the URL and drops what the API would refuse', () => {
    const query = parseAccountsQuery({
      sort: 'health',
      order: 'asc',
      band: 'red,purple,yellow',
      stage: 'at_risk,nowhere',
      owner: ' Ann@Acme.Test ',
      after: 'WyJhIl0',
    })
    expect(query).toEqual({
      sort: 'health',
      order: 'asc',
      bands: ['red', 'yellow'],
      stages: ['at_risk'],
      owner: 'ann@acme.test',
      after: 'WyJhIl0',
    })
    expect(parseAccountsQuery({ sort: 'name', order: 'up', owner: 'not an e-mail', after: '<x>' })).toEqual({
      sort: 'lastActivity',
      order: 'desc',
      bands: [],
      stages: [],
    })
  })

  it('makes links that round-trip, start again at page one on any change, and leave out defaults', () => {
    const query = parseAccountsQuery({ sort: 'mrr', band: 'red', owner: 'none', after: 'abc' })
    expect(accountsLink(query)).toBe('/app/accounts?sort=mrr&band=red&owner=none')
    expect(accountsLink(query, { after: 'next' })).toBe(
      '/app/accounts?sort=mrr&band=red&owner=none&after=next',
    )
    expect(
      parseAccountsQuery(
        Object.fromEntries(new URLSearchParams(accountsLink(query, { after: 'n' }).split('?')[1])),
      ),
    ).toEqual({ ...query, after: 'n' })
    expect(accountsLink(parseAccountsQuery({}))).toBe('/app/accounts')
  })

  it('sorts a column best first, then flips it', () => {
    const query = parseAccountsQuery({})
    expect(sortLink(query, 'health')).toBe('/app/accounts?sort=health')
    expect(sortLink(parseAccountsQuery({ sort: 'health' }), 'health')).toBe(
      '/app/accounts?sort=health&order=asc',
    )
    expect(sortLink(parseAccountsQuery({ sort: 'health', order: 'asc' }), 'health')).toBe(
      '/app/accounts?sort=health',
    )
    expect(sortLink(parseAccountsQuery({ sort: 'health' }), 'stage')).toBe('/app/accounts?sort=stage')
    expect(parseAccountsQuery({ sort: 'stage', order: 'asc' })).toMatchObject({ sort: 'stage', order: 'asc' })
    // Owners read A to Z first, then Z to A.
    expect(sortLink(query, 'owner')).toBe('/app/accounts?sort=owner&order=asc')
    expect(sortLink(parseAccountsQuery({ sort: 'owner', order: 'asc' }), 'owner')).toBe(
      '/app/accounts?sort=owner',
    )
  })

  it('gives the API and the export the same filters and sort, without the cursor', () => {
    expect(
      accountsApiParams(parseAccountsQuery({ band: 'red', stage: 'trial,churned', after: 'x' })),
    ).toEqual({
      sort: 'lastActivity',
      order: 'desc',
      band: 'red',
      stage: 'trial,churned',
    })
  })
})
