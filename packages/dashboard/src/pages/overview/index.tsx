import { compareScores } from '@heed/shared/scores/compare'
import type { ScoreSummary } from '@heed/shared/scores/summary'
import { lazy, useLocation } from 'preact-iso'
import { api } from '../../api'
import { formatScore, KIND_LABELS } from '../../format'
import { type DashboardQuery, KINDS, type Kind, linkTo, parseQuery, periodRange } from '../../query-state'
import { Empty, ErrorPanel, Loading } from '../../ui/states'
import { useApi } from '../../ui/use-api'
import { FollowUpCard, ReachCard, TopThemesCard } from './loop-cards'
import { PeriodPicker } from './period-picker'

const TrendChart = lazy(() => import('./trend-chart').then((module) => module.TrendChart))

interface SummaryJson {
  summary: ScoreSummary
  responseRate: number | null
}

export interface TrendJson {
  points: { label: string; start: string; summary: ScoreSummary }[]
}

/** The period rounded to the minute, so that a page's requests agree and reloads hit the same range. */
const nowMinute = () => Math.floor(Date.now() / 60_000) * 60_000

export function OverviewPage() {
  const { query: params } = useLocation()
  const query = parseQuery(params)
  return (
    <section aria-labelledby="overview-title">
      <div class="page-head">
        <h1 id="overview-title">Overview</h1>
        <PeriodPicker query={query} path="/app/" />
      </div>
      <div class="cards">
        {KINDS.map((kind) => (
          <ScoreCard key={kind} kind={kind} query={query} />
        ))}
      </div>
      <Trend query={query} />
      <div class="cards loop-cards">
        <ReachCard query={query} now={nowMinute()} />
        <FollowUpCard query={query} now={nowMinute()} />
        <TopThemesCard query={query} now={nowMinute()} />
      </div>
    </section>
  )
}

function ScoreCard({ kind, query }: { kind: Kind; query: DashboardQuery }) {
  const range = periodRange(query.period, nowMinute())
  const loaded = useApi(`${kind}:${range.current.from}`, () =>
    Promise.all([
      api.get<SummaryJson>('/admin/v1/scores/summary', { kind, ...range.current }),
      api.get<SummaryJson>('/admin/v1/scores/summary', { kind, ...range.previous }),
    ]),
  )
  const title = <h2 class="card-title">{KIND_LABELS[kind]}</h2>
  if (loaded.state === 'loading')
    return (
      <article class="card score-card">
        {title}
        <Loading />
      </article>
    )
  if (loaded.state === 'error')
    return (
      <article class="card score-card">
        {title}
        <ErrorPanel message={loaded.message} retry={loaded.reload} />
      </article>
    )
  const [current, previous] = loaded.data
  const summary = current.summary
  if (summary.status === 'no_data') {
    return (
      <article class="card score-card">
        {title}
        <Empty title="No answers in this period" />
      </article>
    )
  }
  const change = compareScores(previous.summary, summary)
  const low = formatScore(kind, summary.score.low)
  const high = formatScore(kind, summary.score.high)
  return (
    <article
      class="card score-card"
      aria-label={`${KIND_LABELS[kind]} ${formatScore(kind, summary.score.value)}`}
    >
      {title}
      <p class="score">{formatScore(kind, summary.score.value)}</p>
      <p class="muted">
        95% interval {low} to {high} · {summary.n.toLocaleString('en')} answers
        {summary.status === 'low_sample' && ' · few answers, read with care'}
      </p>
      {current.responseRate !== null && (
        <p class="muted">Response rate {Math.round(current.responseRate * 100)}% of surveys shown</p>
      )}
      <p class={`change change-${change.status === 'ok' ? change.direction : 'none'}`}>
        {change.status === 'no_data'
          ? 'No answers last period to compare with'
          : change.significant
            ? `${change.direction === 'up' ? 'Up' : 'Down'} ${formatScore(kind, Math.abs(change.difference.value))} on the previous period — significant`
            : 'No significant change from the previous period'}
      </p>
    </article>
  )
}

function Trend({ query }: { query: DashboardQuery }) {
  const range = periodRange(query.period, nowMinute())
  const kind = query.kind
  const loaded = useApi(`trend:${kind}:${range.current.from}`, () =>
    api.get<TrendJson>('/admin/v1/scores/trend', { kind, period: range.unit, ...range.current }),
  )
  return (
    <article class="card trend-card" aria-labelledby="trend-title">
      <div class="page-head">
        <h2 id="trend-title" class="card-title">
          {KIND_LABELS[kind]} by {range.unit}, with its 95% interval
        </h2>
        <nav class="segmented" aria-label="Score">
          {KINDS.map((k) => (
            <a
              key={k}
              href={linkTo('/app/', query, { kind: k })}
              aria-current={k === kind ? 'true' : undefined}
            >
              {KIND_LABELS[k]}
            </a>
          ))}
        </nav>
      </div>
      {loaded.state === 'loading' ? (
        <Loading label="Loading the trend" />
      ) : loaded.state === 'error' ? (
        <ErrorPanel message={loaded.message} retry={loaded.reload} />
      ) : loaded.data.points.every((point) => point.summary.status === 'no_data') ? (
        <Empty title="No answers in this period" />
      ) : (
        <TrendChart kind={kind} points={loaded.data.points} />
      )}
    </article>
  )
}
