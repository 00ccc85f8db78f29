import { STAGE_LABELS } from '@heed/shared/lifecycle/stages'
import { useState } from 'preact/hooks'
import { useLocation, useRoute } from 'preact-iso'
import { api, withQuery } from '../../api'
import {
  formatDate,
  formatDateTime,
  formatMoney,
  formatScore,
  KIND_LABELS,
  STATUS_LABELS,
} from '../../format'
import { canChange, useMe } from '../../session'
import { BAND_LABELS, HealthBadge } from '../../ui/health-badge'
import { ScrollRegion } from '../../ui/scroll-region'
import { Empty, ErrorPanel, Loading } from '../../ui/states'
import { useApi } from '../../ui/use-api'
import { HealthChart } from './health-chart'
import { StageForm } from './stage-form'
import { Timeline } from './timeline'
import { type AccountOverviewJson, accountName } from './types'

const TIMELINE_PAGE = '20'
const COMPONENT_LABELS: Record<string, string> = {
  usage: 'Usage',
  adoption: 'Feature adoption',
  sentiment: 'Sentiment',
  followUp: 'Follow-up',
  revenue: 'Revenue',
  participation: 'Survey participation',
}
const SCORE_KINDS = ['nps', 'csat', 'ces'] as const

/** One account on one page: health and why, stage, revenue, scores, people, cases, usage and its timeline. */
export function AccountPage() {
  const { params } = useRoute()
  const { query } = useLocation()
  const id = params.id ?? ''
  const cursor = query.after && /^[\w-]{1,512}$/.test(query.after) ? query.after : undefined
  const loaded = useApi(`${id}:${cursor ?? ''}`, () =>
    api.get<AccountOverviewJson>(`/admin/v1/accounts/${encodeURIComponent(id)}/overview`, {
      limit: TIMELINE_PAGE,
      cursor,
    }),
  )
  if (loaded.state === 'loading') return <Loading label="Loading the account" />
  if (loaded.state === 'error')
    return (
      <section aria-labelledby="account-title">
        <p>
          <a href="/app/accounts">← Accounts</a>
        </p>
        <h1 id="account-title">Account {id}</h1>
        <ErrorPanel message={loaded.message} retry={loaded.reload} />
      </section>
    )
  const data = loaded.data
  const account = data.account
  const pageLink = (after?: string) =>
    `${withQuery(`/app/accounts/${encodeURIComponent(id)}`, { after })}#timeline-title`
  return (
    <section aria-labelledby="account-title" class="account-page">
      <p class="breadcrumb">
        <a href="/app/accounts">← Accounts</a>
      </p>
      <div class="page-head account-head">
        <div>
          <h1 id="account-title">{accountName(account)}</h1>
          <p class="muted small">
            {account.id}
            {typeof account.traits.plan === 'string' && ` · ${account.traits.plan} plan`} · owner{' '}
            {account.owner ?? 'nobody'} · {account.personCount} people · customer since{' '}
            {formatDate(account.firstSeen)}
          </p>
        </div>
        <HealthBadge score={data.health.score} band={data.health.band} large />
      </div>

      <dl class="account-facts cards">
        <Fact label="Health">
          {data.health.score ?? '—'}
          <span class="fact-note">
            {data.health.trend?.change != null
              ? `${data.health.trend.change > 0 ? '+' : ''}${data.health.trend.change} in 30 days`
              : data.health.computedAt
                ? `as of ${formatDate(data.health.computedAt)}`
                : 'not computed yet'}
          </span>
        </Fact>
        <Fact label="Stage">
          {account.stage ? STAGE_LABELS[account.stage.stage] : '—'}
          <span class="fact-note">
            {account.stage
              ? `${account.stage.source === 'manual' ? 'set by hand' : 'by the rules'} since ${formatDate(account.stage.since)}`
              : 'not staged yet'}
          </span>
        </Fact>
        <Fact label="MRR">
          {data.revenue.mrr ? formatMoney(data.revenue.mrr.amount, data.revenue.mrr.currency) : '—'}
          <span class="fact-note">{data.revenue.mrr ? data.revenue.mrr.status : 'no revenue data'}</span>
        </Fact>
        <Fact label="NPS">
          {account.nps?.score == null ? '—' : Math.round(account.nps.score)}
          <span class="fact-note">
            {account.nps?.answers ?? 0} answer{account.nps?.answers === 1 ? '' : 's'}
          </span>
        </Fact>
      </dl>

      <div class="account-grid">
        <article class="card" aria-labelledby="health-title">
          <h2 id="health-title" class="card-title">
            Health and why
          </h2>
          <HealthExplanation health={data.health} />
          {data.health.history.length > 1 ? (
            <>
              <h3 class="small-title">History</h3>
              <HealthChart history={data.health.history} />
            </>
          ) : (
            <p class="muted small">No daily history yet: the score is kept once a day.</p>
          )}
        </article>

        <div class="account-columns">
          <div class="stack">
            <article class="card" aria-labelledby="stage-title">
              <h2 id="stage-title" class="card-title">
                Lifecycle stage
              </h2>
              <StageHistory stages={data.stages} />
              <StagePanel
                accountId={account.id}
                current={account.stage?.stage ?? null}
                onSet={loaded.reload}
              />
            </article>
            <article class="card" aria-labelledby="cases-title">
              <h2 id="cases-title" class="card-title">
                Cases
              </h2>
              <Cases cases={data.cases} />
            </article>
          </div>
          <div class="stack">
            <article class="card" aria-labelledby="revenue-title">
              <h2 id="revenue-title" class="card-title">
                Revenue
              </h2>
              <Revenue revenue={data.revenue} />
            </article>
            <article class="card" aria-labelledby="usage-title">
              <h2 id="usage-title" class="card-title">
                Feature usage
              </h2>
              <Usage usage={data.usage} features={data.features} />
            </article>
            <article class="card" aria-labelledby="scores-title">
              <h2 id="scores-title" class="card-title">
                Scores by {data.scores.period}
              </h2>
              <Scores periods={data.scores.periods} />
            </article>
          </div>
        </div>

        <article class="card" aria-labelledby="people-title">
          <h2 id="people-title" class="card-title">
            People and their latest answers
          </h2>
          <People people={data.people} />
        </article>

        <article class="card" aria-labelledby="timeline-title">
          <h2 id="timeline-title" class="card-title">
            Timeline
          </h2>
          <Timeline entries={data.timeline.entries} />
          <nav class="pager" aria-label="More of the timeline">
            {cursor !== undefined ? <a href={pageLink()}>← Newest</a> : <span />}
            {data.timeline.nextCursor !== null && <a href={pageLink(data.timeline.nextCursor)}>Older →</a>}
          </nav>
        </article>
      </div>
    </section>
  )
}

function Fact({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <div class="card fact">
      <dt class="card-title">{label}</dt>
      <dd class="fact-value">{children}</dd>
    </div>
  )
}

function HealthExplanation({ health }: { health: AccountOverviewJson['health'] }) {
  const explanation = health.explanation
  if (!explanation)
    return (
      <Empty title="No health score yet">
        The score is computed once a day from usage, answers and revenue.
      </Empty>
    )
  return (
    <>
      <p class="health-summary">{explanation.summary}</p>
      <ScrollRegion label="Health explanation">
        <table class="table explanation">
          <caption class="visually-hidden">Each component of the health score</caption>
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col" class="numeric">
                Value
              </th>
              <th scope="col" class="numeric">
                Points
              </th>
              <th scope="col" class="numeric">
                Weight
              </th>
              <th scope="col" class="numeric">
                Adds
              </th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {explanation.components.map((component) => (
              <tr key={component.key} class={component.points === null ? 'left-out' : undefined}>
                <th scope="row">{COMPONENT_LABELS[component.key] ?? component.key}</th>
                <td class="numeric" data-label="Value">
                  {component.raw === null
                    ? '—'
                    : `${Math.round(component.raw * 10) / 10}${unitOf(component.unit)}`}
                </td>
                <td class="numeric" data-label="Points">
                  {component.points ?? '—'}
                </td>
                <td
                  class="numeric"
                  data-label="Weight"
                  title={`${Math.round(component.effectiveWeight * 100)}% after scaling`}
                >
                  {component.weight}
                  {component.points !== null && (
                    <span class="muted small block">
                      {Math.round(component.effectiveWeight * 100)}% in effect
                    </span>
                  )}
                </td>
                <td class="numeric" data-label="Adds">
                  {component.points === null ? 'left out' : component.contribution.toFixed(1)}
                </td>
                <td class="sentence">{component.sentence}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Score</th>
              <td colSpan={3} />
              <td class="numeric">
                <strong>{health.score}</strong>
              </td>
              <td>{health.band ? `${BAND_LABELS[health.band]} band` : ''}</td>
            </tr>
          </tfoot>
        </table>
      </ScrollRegion>
    </>
  )
}

const unitOf = (unit: string) => (unit === '' ? '' : unit === '%' || unit.startsWith('/') ? unit : ` ${unit}`)

function StageHistory({ stages }: { stages: AccountOverviewJson['stages'] }) {
  if (stages.length === 0)
    return <p class="muted">No stage yet: the rules place the account at the next daily run.</p>
  return (
    <ol class="stage-history" aria-label="Stage history, newest first">
      {/* The API lists them oldest first. */}
      {[...stages].reverse().map((span) => (
        <li key={span.startedAt + span.stage}>
          <span class="stage-name">{STAGE_LABELS[span.stage]}</span>
          <span class="muted small">
            {formatDate(span.startedAt)} – {span.endedAt ? formatDate(span.endedAt) : 'now'} ·{' '}
            {span.source === 'manual'
              ? `set by hand${span.setBy ? ` by ${span.setBy}` : ''}`
              : 'by the rules'}
          </span>
          {span.reason && <span class="stage-reason">{span.reason}</span>}
        </li>
      ))}
    </ol>
  )
}

function StagePanel({
  accountId,
  current,
  onSet,
}: {
  accountId: string
  current: AccountOverviewJson['stages'][number]['stage'] | null
  onSet: () => void
}) {
  const { me } = useMe()
  if (!canChange(me)) return <p class="muted small">Viewers cannot change an account's stage.</p>
  return <StageForm accountId={accountId} current={current} onSet={onSet} />
}

function Revenue({ revenue }: { revenue: AccountOverviewJson['revenue'] }) {
  if (revenue.changes.length === 0) return <p class="muted">No revenue recorded for this account.</p>
  return (
    <ScrollRegion label="Revenue changes">
      <table class="table">
        <caption class="visually-hidden">MRR changes, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Plan</th>
            <th scope="col">Status</th>
            <th scope="col" class="numeric">
              MRR
            </th>
          </tr>
        </thead>
        <tbody>
          {[...revenue.changes].reverse().map((change) => (
            <tr key={change.id}>
              <td>{formatDate(change.at)}</td>
              <td>{change.plan ?? '—'}</td>
              <td>{change.status}</td>
              <td class="numeric">{formatMoney(change.mrr, change.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  )
}

const FEATURE_GROUPS = [
  { status: 'used', title: 'Used in the last 30 days' },
  { status: 'not_lately', title: 'Not used lately' },
  { status: 'never_tried', title: 'Never tried' },
  { status: 'outside_plan', title: 'Outside their plan' },
] as const

function Usage({
  usage,
  features,
}: {
  usage: AccountOverviewJson['usage']
  features: AccountOverviewJson['features']
}) {
  return (
    <>
      {usage ? (
        <dl class="tiles">
          <div class="tile">
            <dt>Active people</dt>
            <dd class="tile-value">{usage.activePeople30d}</dd>
            <dd class="muted small">{usage.activePeoplePrev30d} the 30 days before</dd>
          </div>
          <div class="tile">
            <dt>Active days</dt>
            <dd class="tile-value">{usage.activeDays30d}</dd>
            <dd class="muted small">of 30</dd>
          </div>
        </dl>
      ) : (
        <p class="muted">No product usage recorded for this account.</p>
      )}
      {features.length === 0 ? (
        <p class="muted small">
          No feature catalogue yet: once the project names its features, this shows which ones the account
          uses.
        </p>
      ) : (
        FEATURE_GROUPS.map(({ status, title }) => {
          const group = features.filter((feature) => feature.status === status)
          if (group.length === 0) return null
          return (
            <div key={status} class="feature-group">
              <h3 class="small-title">
                {title} ({group.length})
              </h3>
              <ul class="chips">
                {group.map((feature) => (
                  <li
                    key={feature.key}
                    class={`tag feature-${status}`}
                    title={feature.lastUsedAt ? `last used ${formatDate(feature.lastUsedAt)}` : 'never used'}
                  >
                    {feature.label}
                  </li>
                ))}
              </ul>
            </div>
          )
        })
      )}
    </>
  )
}

function Scores({ periods }: { periods: AccountOverviewJson['scores']['periods'] }) {
  const answered = periods.filter((period) => SCORE_KINDS.some((kind) => period[kind].n > 0))
  if (answered.length === 0) return <p class="muted">No survey answers from this account in the last year.</p>
  return (
    <ScrollRegion label="Scores by period">
      <table class="table">
        <caption class="visually-hidden">Scores by period, periods with answers only</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            {SCORE_KINDS.map((kind) => (
              <th key={kind} scope="col" class="numeric">
                {KIND_LABELS[kind]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...answered].reverse().map((period) => (
            <tr key={period.start}>
              <th scope="row">{period.label}</th>
              {SCORE_KINDS.map((kind) => {
                const summary = period[kind]
                return (
                  <td key={kind} class="numeric">
                    {summary.score ? formatScore(kind, summary.score.value) : <span class="muted">—</span>}
                    {summary.n > 0 && (
                      <span class="muted small block">
                        {summary.n} answer{summary.n === 1 ? '' : 's'}
                      </span>
                    )}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  )
}

/** People shown before "show all": the ones who answered lately come first. */
const PEOPLE_SHOWN = 8

function People({ people }: { people: AccountOverviewJson['people'] }) {
  const [all, setAll] = useState(false)
  if (people.length === 0) return <p class="muted">No people identified with this account yet.</p>
  const sorted = [...people].sort(
    (a, b) =>
      (b.latestAnswer?.at ?? '').localeCompare(a.latestAnswer?.at ?? '') ||
      b.lastSeen.localeCompare(a.lastSeen),
  )
  const shown = all ? sorted : sorted.slice(0, PEOPLE_SHOWN)
  return (
    <>
      <ul class="list people">
        {shown.map((person) => (
          <li key={person.id} class="row">
            <span class="grow">
              <span class="person-id">{person.id}</span>
              <span class="muted small block">
                {typeof person.traits.role === 'string' ? `${person.traits.role} · ` : ''}last seen{' '}
                {formatDate(person.lastSeen)}
              </span>
              {person.latestAnswer?.comment && <span class="comment">“{person.latestAnswer.comment}”</span>}
            </span>
            {person.latestAnswer ? (
              <span class="latest-answer">
                <span class="muted small">{KIND_LABELS[person.latestAnswer.kind]}</span>{' '}
                <strong>{person.latestAnswer.score}</strong>
                <span class="muted small block">{formatDate(person.latestAnswer.at)}</span>
              </span>
            ) : (
              <span class="muted small">No answer</span>
            )}
          </li>
        ))}
      </ul>
      {people.length > PEOPLE_SHOWN && (
        <button type="button" class="button ghost" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${people.length} people`}
        </button>
      )}
    </>
  )
}

const CASES_SHOWN = 5
const STILL_OPEN = new Set(['open', 'contacted'])

/** Cases still to handle first (as the API gives them, soonest due first), then the closed ones. */
function Cases({ cases }: { cases: AccountOverviewJson['cases'] }) {
  const [all, setAll] = useState(false)
  if (cases.length === 0) return <p class="muted">No follow-up cases for this account.</p>
  const sorted = [...cases].sort(
    (a, b) => Number(STILL_OPEN.has(b.status)) - Number(STILL_OPEN.has(a.status)),
  )
  const shown = all ? sorted : sorted.slice(0, CASES_SHOWN)
  return (
    <>
      <ul class="list">
        {shown.map((item) => (
          <li key={item.id} class="row">
            <span class={`badge bucket-${item.response.bucket ?? 'none'}`}>{item.response.score ?? '—'}</span>
            <span class="grow">
              <a href={`/app/cases/${encodeURIComponent(item.id)}`}>
                {item.response.comment ?? 'No comment'}
              </a>
              <span class="muted small block">
                {item.owner ?? 'unassigned'} · opened {formatDateTime(item.createdAt)}
              </span>
            </span>
            <span class="case-meta">
              <span class={`status status-${item.status}`}>{STATUS_LABELS[item.status] ?? item.status}</span>
              {item.overdue && <span class="overdue">Overdue</span>}
            </span>
          </li>
        ))}
      </ul>
      {cases.length > CASES_SHOWN && (
        <button type="button" class="button ghost" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${cases.length} cases`}
        </button>
      )}
    </>
  )
}
