import { lazy, useLocation } from 'preact-iso'
import { api } from '../../api'
import { KIND_LABELS } from '../../format'
import { KINDS, linkTo, parseQuery, periodRange } from '../../query-state'
import { Empty, ErrorPanel, Loading } from '../../ui/states'
import { useApi } from '../../ui/use-api'
import { PeriodPicker } from '../overview/period-picker'

const ParetoChart = lazy(() => import('./pareto-chart').then((module) => module.ParetoChart))

export interface ParetoEntryJson {
  rootCause: string
  label: string
  count: number
  share: number
  cumulativeShare: number
}

interface RootCausesJson {
  totals: {
    detractors: number
    withRootCause: number
    rootCauseShare: number | null
    pareto: ParetoEntryJson[]
    followUp: {
      rateWithinSla: number | null
      medianHoursToFirstContact: number | null
      medianHoursToResolution: number | null
    }
    impact: { rootCause: string; label: string; responses: number; impact: number | null }[]
  }
}

const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`)
const hours = (value: number | null) =>
  value === null ? '—' : value < 48 ? `${value.toFixed(1)} h` : `${(value / 24).toFixed(1)} d`

/** Why customers are unhappy: the Pareto of root causes, what each costs the score, and how follow-up goes. */
export function RootCausesPage() {
  const { query: params } = useLocation()
  const query = parseQuery(params)
  const range = periodRange(query.period, Math.floor(Date.now() / 60_000) * 60_000)
  const loaded = useApi(`root-causes:${query.kind}:${query.period}`, () =>
    api.get<RootCausesJson>('/admin/v1/root-causes', { kind: query.kind, ...range.current }),
  )
  return (
    <section aria-labelledby="root-causes-title">
      <div class="page-head">
        <h1 id="root-causes-title">Root causes</h1>
        <div class="filters">
          <nav class="segmented" aria-label="Score">
            {KINDS.map((kind) => (
              <a
                key={kind}
                href={linkTo('/app/root-causes', query, { kind })}
                aria-current={kind === query.kind ? 'true' : undefined}
              >
                {KIND_LABELS[kind]}
              </a>
            ))}
          </nav>
          <PeriodPicker query={query} path="/app/root-causes" />
        </div>
      </div>
      {loaded.state === 'loading' ? (
        <Loading label="Loading root causes" />
      ) : loaded.state === 'error' ? (
        <ErrorPanel message={loaded.message} retry={loaded.reload} />
      ) : (
        <RootCauses totals={loaded.data.totals} kind={KIND_LABELS[query.kind]} />
      )}
    </section>
  )
}

function RootCauses({ totals, kind }: { totals: RootCausesJson['totals']; kind: string }) {
  const impact = new Map(totals.impact.map((entry) => [entry.rootCause, entry]))
  return (
    <>
      <div class="cards">
        <article class="card">
          <h2 class="card-title">Detractors with a root cause</h2>
          <p class="score">{percent(totals.rootCauseShare)}</p>
          <p class="muted">
            {totals.withRootCause} of {totals.detractors} detractors
          </p>
        </article>
        <article class="card">
          <h2 class="card-title">Followed up within the SLA</h2>
          <p class="score">{percent(totals.followUp.rateWithinSla)}</p>
        </article>
        <article class="card">
          <h2 class="card-title">Median time to contact · to resolve</h2>
          <p class="score">{hours(totals.followUp.medianHoursToFirstContact)}</p>
          <p class="muted">resolved in {hours(totals.followUp.medianHoursToResolution)}</p>
        </article>
      </div>
      <article class="card" aria-labelledby="pareto-title">
        <h2 id="pareto-title" class="card-title">
          Pareto of root causes
        </h2>
        {totals.pareto.length === 0 ? (
          <Empty title="No root causes yet">
            Resolve cases with a root cause to see what drives detractors.
          </Empty>
        ) : (
          <>
            <ParetoChart entries={totals.pareto} />
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Root cause</th>
                  <th scope="col">Detractors</th>
                  <th scope="col">Share</th>
                  <th scope="col">Cumulative</th>
                  <th scope="col">{kind} without them</th>
                </tr>
              </thead>
              <tbody>
                {totals.pareto.map((entry) => {
                  const cost = impact.get(entry.rootCause)?.impact
                  return (
                    <tr key={entry.rootCause}>
                      <th scope="row">{entry.label}</th>
                      <td>{entry.count}</td>
                      <td>{percent(entry.share)}</td>
                      <td>{percent(entry.cumulativeShare)}</td>
                      <td>{cost === null || cost === undefined ? '—' : `+${cost.toFixed(1)}`}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </>
        )}
      </article>
    </>
  )
}
