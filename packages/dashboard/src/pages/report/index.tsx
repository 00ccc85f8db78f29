import { useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { api } from '../../api'
import { formatMoney, formatPercent, formatScore, KIND_LABELS } from '../../format'
import { parseReportMonth, shiftMonth } from '../../query-state'
import { ErrorPanel, Loading } from '../../ui/states'
import { useApi } from '../../ui/use-api'
import { MoversList } from '../revenue/movers-list'
import { NpsBucketTable } from '../revenue/nps-bucket-table'
import { Insight } from './insight'
import { SeriesChart } from './series-chart'
import type { GoalJson, ReportJson, ReportSectionJson } from './types'

const COMPARISONS = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' } as const

/** A goal as it reads: rates are fractions, shown as percentages; NPS is points. */
const goalText = (goal: GoalJson) =>
  `${COMPARISONS[goal.comparison]} ${goal.metric === 'nps' ? goal.target : formatPercent(goal.target)}`

export function ReportPage() {
  const { query, route } = useLocation()
  const month = parseReportMonth(query.month, Date.now())
  const loaded = useApi(`report:${month}`, () =>
    Promise.all([
      api.get<ReportJson>(`/admin/v1/reports/monthly/${month}`),
      // Root causes are the taxonomy's theme keys: their labels are the names the team gave them.
      api.get<{ themes: { key: string; label: string }[] }>('/admin/v1/taxonomy'),
    ]),
  )
  const go = (to: string) => route(`/app/report?month=${to}`)
  return (
    <section aria-labelledby="report-title" class="report">
      <div class="page-head">
        <h1 id="report-title">Monthly report, {month}</h1>
        <div class="pickers no-print">
          <nav class="segmented" aria-label="Month">
            <a href={`/app/report?month=${shiftMonth(month, -1)}`}>← {shiftMonth(month, -1)}</a>
            <a href={`/app/report?month=${shiftMonth(month, 1)}`}>{shiftMonth(month, 1)} →</a>
          </nav>
          <label class="inline-label">
            Month
            <input
              type="month"
              value={month}
              onChange={(event) => {
                const value = event.currentTarget.value
                if (/^\d{4}-\d{2}$/.test(value)) go(value)
              }}
            />
          </label>
          <ReportActions month={month} />
        </div>
      </div>
      {loaded.state === 'loading' ? (
        <Loading label="Computing the report" />
      ) : loaded.state === 'error' ? (
        <ErrorPanel message={loaded.message} retry={loaded.reload} />
      ) : (
        // Keyed by month: the insight editors start again from the report they belong to.
        <Report
          key={month}
          report={loaded.data[0]}
          causeLabel={(key) =>
            key === '(none)'
              ? 'No known root cause'
              : (loaded.data[1].themes.find((theme) => theme.key === key)?.label ?? key)
          }
        />
      )}
    </section>
  )
}

/** Copy as Markdown (the API's own rendering) and print, which the print stylesheet turns into a clean PDF. */
function ReportActions({ month }: { month: string }) {
  const [status, setStatus] = useState<{ ok: boolean; text: string }>()
  const copy = async () => {
    setStatus(undefined)
    try {
      const markdown = await api.getText(`/admin/v1/reports/monthly/${month}`, { format: 'md' })
      await navigator.clipboard.writeText(markdown)
      setStatus({ ok: true, text: 'Copied the report as Markdown' })
    } catch (error) {
      setStatus({
        ok: false,
        text: `Could not copy: ${error instanceof Error ? error.message : String(error)}`,
      })
    }
  }
  return (
    <div class="report-actions">
      <button type="button" class="button" onClick={copy}>
        Copy as Markdown
      </button>
      <button type="button" class="button ghost" onClick={() => print()}>
        Print or save as PDF
      </button>
      <p class={status?.ok === false ? 'form-error' : 'form-done'} role="status">
        {status?.text}
      </p>
    </div>
  )
}

function Report({ report, causeLabel }: { report: ReportJson; causeLabel: (key: string) => string }) {
  const money = (minor: number) => formatMoney(minor, report.currency)
  return (
    <>
      <p class="report-summary">
        MRR {money(report.mrr.start)} → <strong>{money(report.mrr.end)}</strong>{' '}
        <span class="muted">({report.currency}, start to end of the month)</span>
      </p>
      {report.sections.map((section) => (
        <RevenueSection key={section.section} section={section} report={report} />
      ))}
      <SurveySection report={report} causeLabel={causeLabel} />
      <article class="card report-section" aria-labelledby="next-actions-title">
        <h2 id="next-actions-title">Next actions</h2>
        <Insight
          month={report.month}
          section="nextActions"
          title="Next actions"
          titleHidden
          note={report.nextActions}
        />
      </article>
    </>
  )
}

function Verdict({ met }: { met: boolean | null }) {
  if (met === null) return <span class="badge verdict-none">No goal or no result</span>
  return (
    <span class={`badge ${met ? 'verdict-met' : 'verdict-missed'}`}>{met ? 'Goal met' : 'Goal missed'}</span>
  )
}

function RevenueSection({ section, report }: { section: ReportSectionJson; report: ReportJson }) {
  const id = `section-${section.section}`
  const result = section.result
  return (
    <article class="card report-section" aria-labelledby={id}>
      <div class="section-head">
        <h2 id={id}>{section.title}</h2>
        <Verdict met={section.met} />
      </div>
      <dl class="facts">
        <div>
          <dt>Result</dt>
          <dd class="fact-big">{formatPercent(result?.value)}</dd>
          {result && (
            <dd class="muted small">
              {formatMoney(result.numerator, report.currency)} ÷{' '}
              {formatMoney(result.denominator, report.currency)}
            </dd>
          )}
        </div>
        <div>
          <dt>Goal</dt>
          <dd class="fact-big">{section.goal ? goalText(section.goal) : '—'}</dd>
          {!section.goal && <dd class="muted small">No goal set (PUT /admin/v1/goals)</dd>}
        </div>
        <div class="fact-wide">
          <dt>Formula</dt>
          <dd>{section.formula}</dd>
        </div>
      </dl>
      <div class="report-columns">
        <div>
          <h3 class="small-title">Last twelve months</h3>
          <SeriesChart section={section} />
        </div>
        <div>
          <h3 class="small-title">Biggest movers</h3>
          <MoversList
            movers={section.movers}
            currency={report.currency}
            label={`${section.title}: biggest movers`}
          />
        </div>
      </div>
      <Insight
        month={report.month}
        section={section.section}
        title={`${section.title}: key insights`}
        note={section.note}
      />
    </article>
  )
}

function SurveySection({ report, causeLabel }: { report: ReportJson; causeLabel: (key: string) => string }) {
  const survey = report.survey
  const money = (minor: number) => formatMoney(minor, report.currency)
  return (
    <article class="card report-section" aria-labelledby="section-survey">
      <div class="section-head">
        <h2 id="section-survey">Voice of the customer</h2>
        {survey.goals.nps && <Verdict met={survey.goals.npsMet} />}
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled without a mouse */}
      <section class="table-scroll" tabIndex={0} aria-label="Survey scores this month">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Score</th>
              <th scope="col">This month</th>
              <th scope="col">95% interval</th>
              <th scope="col">Change from last month</th>
              <th scope="col">Response rate</th>
            </tr>
          </thead>
          <tbody>
            {survey.kinds.map((kind) => {
              const summary = kind.summary
              return (
                <tr key={kind.kind}>
                  <th scope="row">{KIND_LABELS[kind.kind]}</th>
                  {'score' in summary ? (
                    <>
                      <td>
                        {formatScore(kind.kind, summary.score.value)}{' '}
                        <span class="muted small">n = {summary.n}</span>
                      </td>
                      <td>
                        {formatScore(kind.kind, summary.score.low)} to{' '}
                        {formatScore(kind.kind, summary.score.high)}
                      </td>
                    </>
                  ) : (
                    <td colSpan={2}>no answers</td>
                  )}
                  <td>
                    {'significant' in kind.change
                      ? kind.change.significant
                        ? `${kind.change.direction === 'up' ? 'Up' : 'Down'}, significant`
                        : 'No significant change'
                      : '—'}
                  </td>
                  <td>{formatPercent(kind.responseRate)}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </section>
      <dl class="facts">
        <div>
          <dt>Detractors followed up within SLA</dt>
          <dd class="fact-big">{formatPercent(survey.detractorFollowUpWithinSla)}</dd>
        </div>
        <div>
          <dt>Detractors with a root cause</dt>
          <dd class="fact-big">{formatPercent(survey.rootCauseTaggedShare)}</dd>
        </div>
        <div>
          <dt>Revenue at risk</dt>
          <dd class="fact-big">{money(survey.revenueAtRisk.mrr)}</dd>
          <dd class="muted small">{survey.revenueAtRisk.accounts} accounts with an open detractor case</dd>
        </div>
      </dl>
      <div class="report-columns">
        <div>
          <h3 class="small-title">NRR by NPS bucket</h3>
          <NpsBucketTable report={report} />
        </div>
        <div>
          <h3 class="small-title">Top root causes of detractors</h3>
          {survey.topRootCauses.length === 0 ? (
            <p class="muted small">No detractor with a root cause this month.</p>
          ) : (
            <ol class="movers" aria-label="Top root causes">
              {survey.topRootCauses.map((cause) => (
                <li key={cause.rootCause}>
                  <span class="grow">{causeLabel(cause.rootCause)}</span>
                  <span class="amount">
                    {cause.count} · {formatPercent(cause.share)}
                  </span>
                </li>
              ))}
            </ol>
          )}
          {survey.lossesByRootCause.length > 0 && (
            <>
              <h3 class="small-title">Lost MRR by root cause</h3>
              <ol class="movers" aria-label="Lost MRR by root cause">
                {survey.lossesByRootCause.map((loss) => (
                  <li key={loss.rootCause}>
                    <span class="grow">{causeLabel(loss.rootCause)}</span>
                    <span class="amount">
                      churn {money(loss.churn)} · downgrades {money(loss.contraction)}
                    </span>
                  </li>
                ))}
              </ol>
            </>
          )}
        </div>
      </div>
      <Insight
        month={report.month}
        section="survey"
        title="Voice of the customer: key insights"
        note={survey.note}
      />
    </article>
  )
}
