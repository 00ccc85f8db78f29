import { STAGE_LABELS } from '@heed/shared/lifecycle/stages'
import { useLocation } from 'preact-iso'
import {
  type AccountSort,
  type AccountsQuery,
  accountsApiParams,
  accountsLink,
  HEALTH_BANDS,
  type HealthBand,
  parseAccountsQuery,
  STAGES,
  type Stage,
  sortLink,
  UNOWNED,
} from '../../accounts-query'
import { api, withQuery } from '../../api'
import { formatMoney, relative } from '../../format'
import { BAND_LABELS, HealthBadge } from '../../ui/health-badge'
import { ScrollRegion } from '../../ui/scroll-region'
import { Empty, ErrorPanel, Loading } from '../../ui/states'
import { useApi } from '../../ui/use-api'
import { type AccountJson, accountName } from './types'

const PAGE_SIZE = '25'
const SORT_LABELS: Record<AccountSort, string> = {
  health: 'Health',
  mrr: 'MRR',
  nps: 'NPS',
  lastActivity: 'Last activity',
  stage: 'Stage',
  owner: 'Owner',
}

/**
 * The accounts a CS team looks after: health, stage, MRR, NPS and owner per account, sorted and filtered by
 * the API (every choice in the URL), paged by its cursors, and downloadable as CSV with the same filters.
 */
export function AccountsPage() {
  const { query: params, route } = useLocation()
  const query = parseAccountsQuery(params)
  const apiParams = accountsApiParams(query)
  const loaded = useApi(accountsLink(query, { after: query.after }), () =>
    api.get<{ accounts: AccountJson[]; nextCursor: string | null }>('/admin/v1/accounts', {
      ...apiParams,
      limit: PAGE_SIZE,
      cursor: query.after,
    }),
  )
  const filtered = query.bands.length > 0 || query.stages.length > 0 || query.owner !== undefined

  return (
    <section aria-labelledby="accounts-title">
      <div class="page-head">
        <h1 id="accounts-title">Accounts</h1>
        <a class="button" href={withQuery('/admin/v1/exports/accounts', apiParams)} download>
          Download CSV
        </a>
      </div>
      <Filters query={query} onApply={(change) => route(accountsLink(query, change))} />
      {loaded.state === 'loading' ? (
        <Loading label="Loading accounts" />
      ) : loaded.state === 'error' ? (
        <ErrorPanel message={loaded.message} retry={loaded.reload} />
      ) : loaded.data.accounts.length === 0 ? (
        <Empty title={filtered ? 'No account matches these filters' : 'No accounts yet'}>
          {filtered ? (
            <a href={accountsLink({ ...query, bands: [], stages: [], owner: undefined })}>
              Clear the filters
            </a>
          ) : (
            'Accounts appear once the widget or the API identifies people with an account.'
          )}
        </Empty>
      ) : (
        <>
          <ScrollRegion label="Accounts table">
            <table class="table accounts-table">
              <caption class="visually-hidden">
                Accounts sorted by {SORT_LABELS[query.sort]},{' '}
                {query.sort === 'owner'
                  ? query.order === 'asc'
                    ? 'A to Z'
                    : 'Z to A'
                  : `${query.order === 'desc' ? 'highest' : 'lowest'} first`}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <SortHeader query={query} sort="health" />
                  <SortHeader query={query} sort="stage" />
                  <SortHeader query={query} sort="mrr" numeric />
                  <SortHeader query={query} sort="nps" numeric />
                  <SortHeader query={query} sort="owner" />
                  <SortHeader query={query} sort="lastActivity" />
                </tr>
              </thead>
              <tbody>
                {loaded.data.accounts.map((account) => (
                  <tr key={account.id}>
                    <th scope="row">
                      <a href={`/app/accounts/${encodeURIComponent(account.id)}`}>{accountName(account)}</a>
                      {typeof account.traits.plan === 'string' && (
                        <span class="muted small block">{account.traits.plan}</span>
                      )}
                    </th>
                    <td>
                      <HealthBadge score={account.health?.score} band={account.health?.band} />
                    </td>
                    <td>
                      {account.stage ? (
                        <>
                          {STAGE_LABELS[account.stage.stage]}
                          {account.stage.source === 'manual' && (
                            <span class="muted small block">set by hand</span>
                          )}
                        </>
                      ) : (
                        <span class="muted">—</span>
                      )}
                    </td>
                    <td class="numeric">
                      {account.mrr ? (
                        formatMoney(account.mrr.amount, account.mrr.currency)
                      ) : (
                        <span class="muted">—</span>
                      )}
                    </td>
                    <td class="numeric">
                      {account.nps.score === null ? (
                        <span class="muted">—</span>
                      ) : (
                        <>
                          {Math.round(account.nps.score)}
                          <span class="muted small block">
                            {account.nps.answers} answer{account.nps.answers === 1 ? '' : 's'}
                          </span>
                        </>
                      )}
                    </td>
                    <td class="owner-cell" title={account.owner ?? undefined}>
                      {account.owner ?? <span class="muted">Nobody</span>}
                    </td>
                    <td>
                      <time dateTime={account.lastSeen} title={account.lastSeen}>
                        {relative(account.lastSeen)}
                      </time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <nav class="pager" aria-label="More accounts">
            {query.after !== undefined ? <a href={accountsLink(query)}>← First page</a> : <span />}
            {loaded.data.nextCursor !== null && (
              <a href={accountsLink(query, { after: loaded.data.nextCursor })}>Next page →</a>
            )}
          </nav>
        </>
      )}
    </section>
  )
}

function SortHeader({
  query,
  sort,
  numeric = false,
}: {
  query: AccountsQuery
  sort: AccountSort
  numeric?: boolean
}) {
  const active = query.sort === sort
  const direction = query.order === 'desc' ? 'descending' : 'ascending'
  return (
    <th scope="col" class={numeric ? 'numeric' : undefined} aria-sort={active ? direction : undefined}>
      <a class="sort-link" href={sortLink(query, sort)}>
        {SORT_LABELS[sort]}
        <span aria-hidden="true" class="sort-mark">
          {active ? (query.order === 'desc' ? '↓' : '↑') : '↕'}
        </span>
        <span class="visually-hidden">
          {active
            ? `, sorted ${direction}; sort ${query.order === 'desc' ? 'ascending' : 'descending'}`
            : ', sort'}
        </span>
      </a>
    </th>
  )
}

/** The filters as a form: choosing and applying makes a new URL (and so a link to share). */
function Filters({
  query,
  onApply,
}: {
  query: AccountsQuery
  onApply: (change: Partial<AccountsQuery>) => void
}) {
  const submit = (event: Event) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    const band = String(form.get('band') ?? '')
    const stage = String(form.get('stage') ?? '')
    const owner = String(form.get('owner') ?? '').trim()
    onApply({
      bands: HEALTH_BANDS.filter((value) => value === band) as HealthBand[],
      stages: STAGES.filter((value) => value === stage) as Stage[],
      owner: owner === '' ? undefined : owner.toLowerCase(),
    })
  }
  // Keyed by the URL's filters so that going back in history shows the filters of the list shown.
  return (
    <form
      key={`${query.bands}|${query.stages}|${query.owner ?? ''}`}
      class="filters account-filters"
      aria-label="Filter accounts"
      onSubmit={submit}
    >
      <label>
        Health
        <select name="band" value={query.bands.length === 1 ? query.bands[0] : ''}>
          <option value="">Any band</option>
          {HEALTH_BANDS.map((band) => (
            <option key={band} value={band}>
              {BAND_LABELS[band]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Stage
        <select name="stage" value={query.stages.length === 1 ? query.stages[0] : ''}>
          <option value="">Any stage</option>
          {STAGES.map((stage) => (
            <option key={stage} value={stage}>
              {STAGE_LABELS[stage]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Owner
        <input
          name="owner"
          type="text"
          inputMode="email"
          placeholder={`e-mail, or ${UNOWNED}`}
          value={query.owner ?? ''}
          autoComplete="off"
        />
      </label>
      <button type="submit" class="button primary">
        Apply
      </button>
    </form>
  )
}
