import { LIFECYCLE_STAGES, type LifecycleStage } from '@heed/shared/lifecycle/stages'

/**
 * The accounts list's query, modelled once from the URL like the dashboard's other queries: the API's sort
 * and direction, its filters (band, stage, owner) and the page's cursor. A link holds the whole view.
 */

/** The API's sorts; stage sorts in journey order (trial first when ascending), owner by e-mail. */
export const ACCOUNT_SORTS = ['lastActivity', 'health', 'mrr', 'nps', 'stage', 'owner'] as const
export type AccountSort = (typeof ACCOUNT_SORTS)[number]
export const HEALTH_BANDS = ['red', 'yellow', 'green'] as const
export type HealthBand = (typeof HEALTH_BANDS)[number]
export const STAGES = LIFECYCLE_STAGES
export type Stage = LifecycleStage
/** The API's owner filter for accounts nobody owns. */
export const UNOWNED = 'none'

export interface AccountsQuery {
  sort: AccountSort
  order: 'asc' | 'desc'
  bands: HealthBand[]
  stages: Stage[]
  /** An owner's e-mail, or `none`. */
  owner?: string
  /** The cursor of the page shown (the API's `cursor`). */
  after?: string
}

export const DEFAULT_ACCOUNTS_QUERY: AccountsQuery = {
  sort: 'lastActivity',
  order: 'desc',
  bands: [],
  stages: [],
}

const listOf = <T extends string>(words: readonly T[], value: string | undefined): T[] =>
  words.filter((word) => (value ?? '').split(',').includes(word))

/** The query of the page's URL parameters; unknown values are dropped, so a bad link still shows a list. */
export function parseAccountsQuery(params: Record<string, string | undefined>): AccountsQuery {
  const query: AccountsQuery = {
    sort: ACCOUNT_SORTS.find((sort) => sort === params.sort) ?? DEFAULT_ACCOUNTS_QUERY.sort,
    order: params.order === 'asc' ? 'asc' : 'desc',
    bands: listOf(HEALTH_BANDS, params.band),
    stages: listOf(STAGES, params.stage),
  }
  const owner = params.owner?.trim()
  if (owner && (owner === UNOWNED || /^[^\s@]+@[^\s@]+$/.test(owner))) query.owner = owner.toLowerCase()
  if (params.after && /^[\w-]{1,512}$/.test(params.after)) query.after = params.after
  return query
}

/** The filters and sort as the API's parameters (shared by the list and its CSV export). */
export function accountsApiParams(query: AccountsQuery): Record<string, string> {
  const params: Record<string, string> = { sort: query.sort, order: query.order }
  if (query.bands.length > 0) params.band = query.bands.join(',')
  if (query.stages.length > 0) params.stage = query.stages.join(',')
  if (query.owner) params.owner = query.owner
  return params
}

/** A link to the accounts page showing `query` changed by `change`; any change but paging starts at page one. */
export function accountsLink(query: AccountsQuery, change: Partial<AccountsQuery> = {}): string {
  const merged: AccountsQuery = { ...query, ...change }
  if (!('after' in change)) delete merged.after
  const params: Record<string, string> = {}
  if (merged.sort !== DEFAULT_ACCOUNTS_QUERY.sort) params.sort = merged.sort
  if (merged.order !== DEFAULT_ACCOUNTS_QUERY.order) params.order = merged.order
  if (merged.bands.length > 0) params.band = merged.bands.join(',')
  if (merged.stages.length > 0) params.stage = merged.stages.join(',')
  if (merged.owner) params.owner = merged.owner
  if (merged.after) params.after = merged.after
  const search = new URLSearchParams(params).toString()
  return search === '' ? '/app/accounts' : `/app/accounts?${search}`
}

/** The direction a sort starts in: figures best first, owners from A to Z (so one's own book is easy to find). */
export const firstOrder = (sort: AccountSort): 'asc' | 'desc' => (sort === 'owner' ? 'asc' : 'desc')

/** The link a column's header makes: sort by it in its first direction; once sorted by it, the other one. */
export function sortLink(query: AccountsQuery, sort: AccountSort): string {
  const order = query.sort === sort ? (query.order === 'desc' ? 'asc' : 'desc') : firstOrder(sort)
  return accountsLink(query, { sort, order })
}
