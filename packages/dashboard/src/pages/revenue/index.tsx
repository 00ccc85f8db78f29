import { useLocation } from 'preact-iso'
import { api } from '../../api'
import { formatMoney, formatPercent } from '../../format'
import {
  parseRevenueQuery,
  REVENUE_PERIODS,
  REVENUE_RANGES,
  type RevenueQuery,
  revenueLink,
  revenueRange,
} from '../../query-state'
import { useMe } from '../../session'
import { Empty, ErrorPanel, Loading } from '../../ui/states'
import { useApi } from '../../ui/use-api'
import type { ReportJson } from '../report/types'
import { CohortTable } from './cohort-table'
import { EconomicsTiles } from './economics-tiles'
import { MovementsChart } from './movements-chart'
import { MoversList } from './movers-list'
import { NpsBucketTable } from './nps-bucket-table'
import { RetentionChart } from './retention-chart'
import type { CohortsJson, EconomicsJson, MovementsJson, RetentionJson } from './types'

/** Traits offered as splits: the two every account import is asked for. Others work through the URL. */
const SPLITS = ['plan', 'owner']

const MOVER_KINDS = [
  { key: 'new', label: 'New' },
  { key: 'expansion', label: 'Expansion' },
  { key: 'reactivation', label: 'Reactivation' },
  { key: 'contraction', label: 'Contraction' },
  { key: 'churn', label: 'Churn' },
] as const

/** The range rounded to the hour, so that a page's requests agree and reloads ask the same thing. */
const nowHour = () => Math.floor(Date.now() / 3_600_000) * 3_600_000

export function RevenuePage() {
  const { query: params } = useLocation()
  const query = parseRevenueQuery(params)
  const range = revenueRange(query.months, nowHour())
  const apiQuery = { ...range, period: query.period }
  const split = query.splitBy === undefined ? {} : { splitBy: `trait:${query.splitBy}` }
  const key = JSON.stringify([apiQuery, split])
  const loaded = useApi(key, () =>
    Promise.all([
      api.get<MovementsJson>('/admin/v1/revenue/movements', { ...apiQuery, ...split }),
      api.get<RetentionJson>('/admin/v1/revenue/retention', { ...apiQuery, ...split }),
      api.get<CohortsJson>('/admin/v1/revenue/cohorts', apiQuery),
      api.get<EconomicsJson>('/admin/v1/revenue/economics', range),
    ]),
  )
  return (
    <section aria-labelledby="revenue-title" class="revenue">
      <div class="page-head">
        <h1 id="revenue-title">Revenue</h1>
        <RevenuePickers query={query} />
      </div>
      {loaded.state === 'loading' ? (
        <Loading label="Computing revenue from the ledger" />
      ) : loaded.state === 'error' ? (
        <ErrorPanel message={loaded.message} retry={loaded.reload} />
      ) : (
        <RevenueFigures query={query} data={loaded.data} />
      )}
    </section>
  )
}

function RevenuePickers({ query }: { query: RevenueQuery }) {
  return (
    <div class="pickers">
      <nav class="segmented" aria-label="Range">
        {REVENUE_RANGES.map((months) => (
          <a
            key={months}
            href={revenueLink(query, { months })}
            aria-current={query.months === months ? 'true' : undefined}
          >
            {months} months
          </a>
        ))}
      </nav>
      <nav class="segmented" aria-label="Period">
        {REVENUE_PERIODS.map((period) => (
          <a
            key={period}
            href={revenueLink(query, { period })}
            aria-current={query.period === period ? 'true' : undefined}
          >
            By {period}
          </a>
        ))}
      </nav>
      <nav class="segmented" aria-label="Split by">
        <a
          href={revenueLink(query, { splitBy: undefined })}
          aria-current={query.splitBy === undefined ? 'true' : undefined}
        >
          All accounts
        </a>
        {[...new Set([...SPLITS, ...(query.splitBy ? [query.splitBy] : [])])].map((trait) => (
          <a
            key={trait}
            href={revenueLink(query, { splitBy: trait })}
            aria-current={query.splitBy === trait ? 'true' : undefined}
          >
            By {trait}
          </a>
        ))}
      </nav>
    </div>
  )
}

/** Whether the ledger has anything in the range: an all-zero page would read as a business with no revenue. */
const hasRevenue = (movements: MovementsJson) =>
  movements.points.some((point) => point.mrr.start > 0 || point.mrr.end > 0 || point.mrr.churn > 0)

function RevenueFigures({
  query,
  data: [movements, retention, cohorts, economics],
}: {
  query: RevenueQuery
  data: [MovementsJson, RetentionJson, CohortsJson, EconomicsJson]
}) {
  if (!hasRevenue(movements)) return <NoRevenue />
  const currency = movements.currency
  const last = movements.points.at(-1)
  const lastRetention = retention.points.at(-1)
  const periodWord = query.period === 'month' ? 'month' : 'quarter'
  return (
    <>
      <div class="cards kpis">
        <Kpi
          label="MRR"
          value={formatMoney(last?.mrr.end ?? 0, currency)}
          note={`${last?.customers.end ?? 0} paying accounts`}
        />
        <Kpi
          label="ARR"
          value={formatMoney(last?.arr ?? 0, currency)}
          note={`ARPA ${last?.arpa.value == null ? '—' : formatMoney(Math.round(last.arpa.value), currency)}`}
        />
        <Kpi
          label={`NRR, ${last?.label ?? ''}`}
          value={formatPercent(lastRetention?.netRevenueRetention.value)}
          note={`Trailing 12 months ${formatPercent(lastRetention?.trailing12.netRevenueRetention.value)}`}
        />
        <Kpi
          label={`GRR, ${last?.label ?? ''}`}
          value={formatPercent(lastRetention?.grossRevenueRetention.value)}
          note={`Trailing 12 months ${formatPercent(lastRetention?.trailing12.grossRevenueRetention.value)}`}
        />
      </div>

      <article class="card" aria-labelledby="movements-title">
        <h2 id="movements-title" class="card-title">
          MRR movements by {periodWord}
        </h2>
        <MovementsChart points={movements.points} currency={currency} />
      </article>

      <article class="card" aria-labelledby="retention-title">
        <h2 id="retention-title" class="card-title">
          Net and gross revenue retention
        </h2>
        <RetentionChart points={retention.points} />
      </article>

      {movements.segments && retention.segments && query.splitBy && (
        <article class="card" aria-labelledby="segments-title">
          <h2 id="segments-title" class="card-title">
            By {query.splitBy}, last {periodWord}
          </h2>
          <SegmentTable movements={movements} retention={retention} trait={query.splitBy} />
        </article>
      )}

      <article class="card" aria-labelledby="cohorts-title">
        <h2 id="cohorts-title" class="card-title">
          Cohorts: MRR kept after each {periodWord}
        </h2>
        {cohorts.cohorts.length === 0 ? (
          <Empty title="No account started paying in this range" />
        ) : (
          <CohortTable {...cohorts} unit={query.period} />
        )}
      </article>

      <div class="two-columns">
        <article class="card" aria-labelledby="movers-title">
          <h2 id="movers-title" class="card-title">
            Largest movers, {movements.movers.label}
          </h2>
          <div class="movers-grid">
            {MOVER_KINDS.map(({ key, label }) => (
              <section key={key} aria-label={label}>
                <h3 class="small-title">{label}</h3>
                <MoversList movers={movements.movers[key]} currency={currency} label={`${label} accounts`} />
              </section>
            ))}
          </div>
        </article>
        <div class="stack">
          <article class="card" aria-labelledby="economics-title">
            <h2 id="economics-title" class="card-title">
              Unit economics
            </h2>
            <EconomicsTiles economics={economics} />
          </article>
          <SurveyRevenue />
        </div>
      </div>
    </>
  )
}

function Kpi({ label, value, note }: { label: string; value: string; note: string }) {
  return (
    <article class="card kpi" aria-label={`${label} ${value}`}>
      <h2 class="card-title">{label}</h2>
      <p class="score">{value}</p>
      <p class="muted small">{note}</p>
    </article>
  )
}

function SegmentTable({
  movements,
  retention,
  trait,
}: {
  movements: MovementsJson
  retention: RetentionJson
  trait: string
}) {
  const currency = movements.currency
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled without a mouse
    <section class="table-scroll" tabIndex={0} aria-label={`Revenue by ${trait}`}>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{trait}</th>
            <th scope="col">MRR</th>
            <th scope="col">Net change</th>
            <th scope="col">Accounts</th>
            <th scope="col">NRR</th>
            <th scope="col">GRR</th>
          </tr>
        </thead>
        <tbody>
          {(movements.segments ?? []).map((segment) => {
            const point = segment.points.at(-1)
            const rates = retention.segments?.find((other) => other.key === segment.key)?.points.at(-1)
            return (
              <tr key={segment.key}>
                <th scope="row">{segment.key === '' ? '(none)' : segment.key}</th>
                <td>{formatMoney(point?.mrr.end ?? 0, currency)}</td>
                <td>{formatMoney((point?.mrr.end ?? 0) - (point?.mrr.start ?? 0), currency)}</td>
                <td>{point?.customers.end ?? 0}</td>
                <td>{formatPercent(rates?.netRevenueRetention.value)}</td>
                <td>{formatPercent(rates?.grossRevenueRetention.value)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}

/** What the survey answers say about revenue: the monthly report computes these, for the current month. */
function SurveyRevenue() {
  const month = new Date(nowHour()).toISOString().slice(0, 7)
  const loaded = useApi(`report:${month}`, () => api.get<ReportJson>(`/admin/v1/reports/monthly/${month}`))
  return (
    <article class="card" aria-labelledby="survey-revenue-title">
      <h2 id="survey-revenue-title" class="card-title">
        Revenue and NPS, {month}
      </h2>
      {loaded.state === 'loading' ? (
        <Loading />
      ) : loaded.state === 'error' ? (
        <ErrorPanel message={loaded.message} retry={loaded.reload} />
      ) : (
        <>
          <p class="at-risk">
            <span class="muted">Revenue at risk</span>{' '}
            <strong>{formatMoney(loaded.data.survey.revenueAtRisk.mrr, loaded.data.currency)}</strong>{' '}
            <span class="muted small">
              MRR of {loaded.data.survey.revenueAtRisk.accounts} accounts with an open detractor case
            </span>
          </p>
          <NpsBucketTable report={loaded.data} />
        </>
      )}
    </article>
  )
}

function NoRevenue() {
  const { me } = useMe()
  return (
    <div class="card state state-empty">
      <p class="state-title">No revenue yet</p>
      <p class="muted">
        Heed computes MRR movements, retention and cohorts from what each account pays. Send it one of two
        ways (the README's "Revenue retention" section has the details):
      </p>
      <ul class="how-to">
        <li>
          from your billing system, as changes: <code>POST /admin/v1/revenue/changes</code>
        </li>
        <li>
          from a CSV file: <code>heed import revenue changes.csv --project {me.project.id}</code>
        </li>
      </ul>
    </div>
  )
}
