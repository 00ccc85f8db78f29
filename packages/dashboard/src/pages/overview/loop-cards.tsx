import type { ComponentChildren } from 'preact'
import { api } from '../../api'
import { KIND_LABELS } from '../../format'
import { type DashboardQuery, linkTo, periodRange } from '../../query-state'
import { Empty, ErrorPanel, Loading } from '../../ui/states'
import { useApi } from '../../ui/use-api'

interface ReachJson {
  displays: { shown: number; dismissed: number }
  responseRate: number | null
  participation: { respondents: number; shown: number; rate: number | null }
}

interface FollowUpJson {
  totals: {
    detractors: number
    followUp: {
      contactedWithinSla: number
      rateWithinSla: number | null
      medianHoursToFirstContact: number | null
    }
  }
}

interface ThemesJson {
  comments: number
  themes: { theme: string; label: string; answers: number; negative: number; share: number }[]
}

const percent = (rate: number) => `${Math.round(rate * 100)}%`

function Card({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <article class="card" aria-labelledby={id}>
      <h2 id={id} class="card-title">
        {title}
      </h2>
      {children}
    </article>
  )
}

/** How many of the people asked answer: per display (response rate) and per person (participation). */
export function ReachCard({ query, now }: { query: DashboardQuery; now: number }) {
  const range = periodRange(query.period, now).current
  const loaded = useApi(`reach:${query.kind}:${range.from}`, () =>
    api.get<ReachJson>('/admin/v1/scores/summary', { kind: query.kind, include: 'participation', ...range }),
  )
  return (
    <Card id="reach-title" title={`Who answers (${KIND_LABELS[query.kind]})`}>
      {loaded.state === 'loading' ? (
        <Loading />
      ) : loaded.state === 'error' ? (
        <ErrorPanel message={loaded.message} retry={loaded.reload} />
      ) : loaded.data.displays.shown === 0 ? (
        <Empty title="No surveys shown in this period">Response rate and participation need displays.</Empty>
      ) : (
        <dl class="facts">
          <div>
            <dt>Response rate</dt>
            <dd>
              <span class="fact-big">
                {loaded.data.responseRate === null ? '—' : percent(loaded.data.responseRate)}
              </span>
              <span class="muted small">
                {' '}
                of {loaded.data.displays.shown.toLocaleString('en')} surveys shown
              </span>
            </dd>
          </div>
          <div>
            <dt>Participation</dt>
            <dd>
              <span class="fact-big">
                {loaded.data.participation.rate === null ? '—' : percent(loaded.data.participation.rate)}
              </span>
              <span class="muted small">
                {' '}
                {loaded.data.participation.respondents.toLocaleString('en')} of{' '}
                {loaded.data.participation.shown.toLocaleString('en')} people asked answered
              </span>
            </dd>
          </div>
        </dl>
      )}
    </Card>
  )
}

/** The share of the period's detractors whose case was first contacted within the SLA. */
export function FollowUpCard({ query, now }: { query: DashboardQuery; now: number }) {
  const range = periodRange(query.period, now).current
  const loaded = useApi(`follow-up:${query.kind}:${range.from}`, () =>
    api.get<FollowUpJson>('/admin/v1/root-causes', { kind: query.kind, ...range }),
  )
  return (
    <Card id="follow-up-title" title="Detractors followed up within SLA">
      {loaded.state === 'loading' ? (
        <Loading />
      ) : loaded.state === 'error' ? (
        <ErrorPanel message={loaded.message} retry={loaded.reload} />
      ) : loaded.data.totals.detractors === 0 ? (
        <Empty title="No detractors in this period" />
      ) : (
        <>
          <p class="fact-big">
            {loaded.data.totals.followUp.rateWithinSla === null
              ? '—'
              : percent(loaded.data.totals.followUp.rateWithinSla)}
          </p>
          <p class="muted small">
            {loaded.data.totals.followUp.contactedWithinSla.toLocaleString('en')} of{' '}
            {loaded.data.totals.detractors.toLocaleString('en')} detractors contacted in time
            {loaded.data.totals.followUp.medianHoursToFirstContact !== null &&
              ` · median first contact after ${Math.round(loaded.data.totals.followUp.medianHoursToFirstContact)} h`}
          </p>
          <p class="small">
            <a href={linkTo('/app/root-causes', query)}>Root causes and follow-up</a>
          </p>
        </>
      )}
    </Card>
  )
}

/** The themes comments talk about most, each a link to those responses. */
export function TopThemesCard({ query, now }: { query: DashboardQuery; now: number }) {
  const range = periodRange(query.period, now).current
  const loaded = useApi(`themes:${query.kind}:${range.from}`, () =>
    api.get<ThemesJson>('/admin/v1/scores/themes', { kind: query.kind, ...range, limit: '5' }),
  )
  return (
    <Card id="themes-title" title="Top themes in comments">
      {loaded.state === 'loading' ? (
        <Loading />
      ) : loaded.state === 'error' ? (
        <ErrorPanel message={loaded.message} retry={loaded.reload} />
      ) : loaded.data.themes.length === 0 ? (
        <Empty title="No themes in this period's comments" />
      ) : (
        <ol class="theme-bars">
          {loaded.data.themes.map((theme) => (
            <li key={theme.theme}>
              <a href={linkTo('/app/responses', query, { theme: theme.theme, hasComment: true })}>
                {theme.label}
              </a>
              <span class="muted small">
                {theme.answers.toLocaleString('en')} · {percent(theme.share)} of comments · {theme.negative}{' '}
                negative
              </span>
              <span class="bar" aria-hidden="true">
                <span style={{ width: `${Math.max(2, theme.share * 100)}%` }} />
              </span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  )
}
