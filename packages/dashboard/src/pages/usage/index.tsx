import { useLocation } from 'preact-iso'
import { api } from '../../api'
import { formatPercent } from '../../format'
import { useMe } from '../../session'
import { Empty, ErrorPanel, Loading } from '../../ui/states'
import { useApi } from '../../ui/use-api'
import {
  parseUsageQuery,
  UNITS_OF_RANGE,
  USAGE_RANGE_LABELS,
  USAGE_RANGES,
  type UsageQuery,
  type UsageUnit,
  usageApiParams,
  usageLink,
} from '../../usage-query'
import { ActiveChart } from './active-chart'
import { AdoptionTable } from './adoption-table'
import { formatActive, formatDuration, formatPeriodStart } from './figures'
import { SegmentFilter } from './segment-filter'
import { SessionsChart } from './sessions-chart'
import { StickinessChart } from './stickiness-chart'
import type { AdoptionJson, UsagePointJson, UsageTrendJson } from './types'

/** How a period is named in a sentence: "the week of Nov 30", "Dec 8", "Nov 2026". */
function periodName(start: string, unit: UsageUnit, timeZone: string): string {
  const text = formatPeriodStart(start, unit, timeZone)
  return unit === 'week' ? `the week of ${text}` : text
}

/**
 * Who is active and how much, and which features they use: the trend and the adoption are read over the
 * same whole periods, in the project's time zone, for the project or one segment of its accounts.
 */
export function UsagePage() {
  const { me } = useMe()
  const { query: params } = useLocation()
  const query = parseUsageQuery(params)
  const apiParams = usageApiParams(query, Date.now(), me.project.timeZone)
  const key = JSON.stringify(apiParams)
  const trend = useApi(`usage:${key}`, () => api.get<UsageTrendJson>('/admin/v1/usage/trend', apiParams))
  const adoption = useApi(`adoption:${key}`, () =>
    api.get<AdoptionJson>('/admin/v1/features/adoption', apiParams),
  )
  return (
    <section aria-labelledby="usage-title" class="usage">
      <div class="page-head">
        <h1 id="usage-title">Usage</h1>
        <UsagePickers query={query} />
      </div>
      <p class="muted small range-note">
        Whole {query.unit}s in {me.project.timeZone}, the project’s time zone, up to the start of{' '}
        {query.unit === 'day' ? 'today' : `this ${query.unit}`}
        {query.segment && (
          <>
            ; accounts whose {query.segment.trait} is {query.segment.value}
          </>
        )}
        .
      </p>
      {trend.state === 'loading' ? (
        <Loading label="Counting active people and sessions" />
      ) : trend.state === 'error' ? (
        <ErrorPanel message={trend.message} retry={trend.reload} />
      ) : (
        <TrendFigures query={query} trend={trend.data} />
      )}
      <article class="card" aria-labelledby="adoption-title">
        <h2 id="adoption-title" class="card-title">
          Feature adoption, last {USAGE_RANGE_LABELS[query.range]}
        </h2>
        {adoption.state === 'loading' ? (
          <Loading label="Counting who uses each feature" />
        ) : adoption.state === 'error' ? (
          <ErrorPanel message={adoption.message} retry={adoption.reload} />
        ) : adoption.data.features.length === 0 ? (
          <NoFeatures />
        ) : (
          <>
            <p class="muted small">
              People and accounts who used each feature of the catalogue, and their share of those active in
              the same {USAGE_RANGE_LABELS[query.range]}. Most adopted{' '}
              {query.actor === 'people' ? 'by people' : 'by accounts'} first.
            </p>
            {adoption.data.rebuilding && (
              <p class="notice small" role="status">
                The catalogue changed and its uses are being counted again: these figures are partial until
                that ends.
              </p>
            )}
            <AdoptionTable features={adoption.data.features} actor={query.actor} />
          </>
        )}
      </article>
    </section>
  )
}

function UsagePickers({ query }: { query: UsageQuery }) {
  return (
    <div class="pickers">
      <nav class="segmented" aria-label="Range">
        {USAGE_RANGES.map((range) => (
          <a
            key={range}
            href={usageLink(query, { range })}
            aria-current={query.range === range ? 'true' : undefined}
          >
            {USAGE_RANGE_LABELS[range]}
          </a>
        ))}
      </nav>
      <nav class="segmented" aria-label="Granularity">
        {[...UNITS_OF_RANGE[query.range]].sort(byLength).map((unit) => (
          <a
            key={unit}
            href={usageLink(query, { unit })}
            aria-current={query.unit === unit ? 'true' : undefined}
          >
            By {unit}
          </a>
        ))}
      </nav>
      <nav class="segmented" aria-label="Count">
        <a
          href={usageLink(query, { actor: 'people' })}
          aria-current={query.actor === 'people' ? 'true' : undefined}
        >
          People
        </a>
        <a
          href={usageLink(query, { actor: 'accounts' })}
          aria-current={query.actor === 'accounts' ? 'true' : undefined}
        >
          Accounts
        </a>
      </nav>
      <SegmentFilter query={query} />
    </div>
  )
}

const UNIT_ORDER: Record<UsageUnit, number> = { day: 0, week: 1, month: 2 }
const byLength = (a: UsageUnit, b: UsageUnit) => UNIT_ORDER[a] - UNIT_ORDER[b]

/** Whether anything happened in the range: an all-zero chart would read as a product nobody uses. */
const hasUsage = (points: readonly UsagePointJson[]) =>
  points.some((point) => point.people.active > 0 || point.accounts.active > 0 || point.sessions.count > 0)

function TrendFigures({ query, trend }: { query: UsageQuery; trend: UsageTrendJson }) {
  const { points, timeZone } = trend
  const last = points.at(-1)
  if (!last || !hasUsage(points))
    return query.segment ? (
      <div class="card">
        <Empty title="No activity in this segment">
          No account whose {query.segment.trait} is {query.segment.value} was active in the last{' '}
          {USAGE_RANGE_LABELS[query.range]}. Segments read each account’s traits as they are now: check the
          trait’s name and value on an account’s page.
        </Empty>
      </div>
    ) : (
      <NoUsage />
    )
  const before = points.at(-2)
  const actor = query.actor
  const tiles = [
    { label: 'DAU', hint: 'mean per day', value: (p: UsagePointJson) => formatActive(p[actor].dau) },
    { label: 'WAU', hint: 'last 7 days', value: (p: UsagePointJson) => formatActive(p[actor].wau) },
    { label: 'MAU', hint: 'last 30 days', value: (p: UsagePointJson) => formatActive(p[actor].mau) },
    {
      label: 'Stickiness',
      hint: 'DAU ÷ MAU',
      value: (p: UsagePointJson) => formatPercent(p[actor].stickiness),
    },
    { label: 'Sessions', hint: 'started', value: (p: UsagePointJson) => formatActive(p.sessions.count) },
    {
      label: 'Session length',
      hint: 'mean',
      value: (p: UsagePointJson) => formatDuration(p.sessions.averageDurationMs),
    },
  ]
  const lastName = periodName(last.start, query.unit, timeZone)
  return (
    <>
      {trend.lagEvents > 0 && (
        <p class="notice small" role="status">
          {trend.lagEvents.toLocaleString('en')} recently stored events are not counted yet; they will be in a
          moment.
        </p>
      )}
      <h2 class="small-title kpi-caption">
        {actor === 'people' ? 'People' : 'Accounts'}, {lastName}
        {before && <span class="muted"> · against {periodName(before.start, query.unit, timeZone)}</span>}
      </h2>
      <div class="usage-kpis">
        {tiles.map((tile) => (
          <article key={tile.label} class="card kpi" aria-label={`${tile.label} ${tile.value(last)}`}>
            <h3 class="card-title">
              {tile.label}
              <span class="kpi-hint">{tile.hint}</span>
            </h3>
            <p class="kpi-value">{tile.value(last)}</p>
            {before && <p class="muted small">was {tile.value(before)}</p>}
          </article>
        ))}
      </div>

      <article class="card" aria-labelledby="active-title">
        <h2 id="active-title" class="card-title">
          Active {actor} by {query.unit}
        </h2>
        <ActiveChart points={points} actor={actor} unit={query.unit} timeZone={timeZone} />
      </article>

      <div class="usage-columns">
        <article class="card" aria-labelledby="stickiness-title">
          <h2 id="stickiness-title" class="card-title">
            Stickiness (DAU ÷ MAU)
          </h2>
          <StickinessChart points={points} actor={actor} unit={query.unit} timeZone={timeZone} />
        </article>
        <article class="card" aria-labelledby="sessions-title">
          <h2 id="sessions-title" class="card-title">
            Sessions and their average duration
          </h2>
          <SessionsChart points={points} unit={query.unit} timeZone={timeZone} />
        </article>
      </div>
    </>
  )
}

function NoUsage() {
  return (
    <div class="card state state-empty">
      <p class="state-title">No product usage in this range</p>
      <p class="muted">
        Heed counts active people, accounts and sessions from the events your product sends. Send them one of
        three ways (the README’s “Usage analytics” section has the details):
      </p>
      <ul class="how-to">
        <li>
          from the page, with the widget: <code>heed('track', 'report.exported')</code>
        </li>
        <li>
          from your servers: <code>POST /ingest/v1/events</code>
        </li>
        <li>from an existing Segment or RudderStack pipeline, pointed at Heed</li>
      </ul>
    </div>
  )
}

const CATALOGUE_EXAMPLE = `PUT /admin/v1/features
{"features": [{"key": "reports", "label": "Reports",
  "events": ["report.created"], "pages": [{"prefix": "/reports"}]}]}`

function NoFeatures() {
  return (
    <div class="state state-empty">
      <p class="state-title">No features defined yet</p>
      <p class="muted">
        Name your product’s features and the events or pages that mean “used it”; Heed then counts who uses
        each, from the events already stored. An admin sends the catalogue with the admin API:
      </p>
      <pre class="how-to-code">
        <code>{CATALOGUE_EXAMPLE}</code>
      </pre>
    </div>
  )
}
