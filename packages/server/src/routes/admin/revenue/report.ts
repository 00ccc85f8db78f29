import { type Period, periodStart, periodsInRange, shiftPeriod } from '@heed/shared/periods/period'
import { minorDigits } from '@heed/shared/revenue/currency'
import { type Goal, type GoalMetric, goalMet } from '@heed/shared/revenue/goals'
import type { MovementKind, MovementTotals } from '@heed/shared/revenue/movements'
import {
  contractionRate,
  expansionRate,
  netRevenueRetention,
  revenueChurnRate,
} from '@heed/shared/revenue/rates'
import type { Ratio } from '@heed/shared/revenue/ratio'
import { LIMITS } from '@heed/shared/schemas/limits'
import { compareScores } from '@heed/shared/scores/compare'
import { SURVEY_KINDS, type SurveyKind } from '@heed/shared/scores/scales'
import { type ScoreSummary, summarize } from '@heed/shared/scores/summary'
import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../../db/open'
import type { AppEnv } from '../../../env'
import { invalidField } from '../../../errors'
import { limitBody } from '../../../http/body-limit'
import { readBody } from '../../../http/read-body'
import { readQuery } from '../../../http/read-query'
import { rootCauseStats } from '../../../store/case-analytics'
import { revenueAtRisk } from '../../../store/revenue/at-risk'
import { ExchangeRates } from '../../../store/revenue/exchange'
import { listGoals } from '../../../store/revenue/goals'
import { revenueFigures } from '../../../store/revenue/movements'
import { accountMovements, largestMovers, type Mover } from '../../../store/revenue/movers'
import { listReportNotes, putReportNotes, type ReportNote } from '../../../store/revenue/report-notes'
import { lossesByRootCause, type RootCauseLoss } from '../../../store/revenue/root-cause-losses'
import { reportingCurrency } from '../../../store/revenue/settings'
import { countPeriods } from '../../../store/score-queries'
import { listSurveys } from '../../../store/surveys'
import { ZActor } from '../team'
import { ZMonth } from './schemas'

/** The report's sections that carry the team's notes. */
export const REPORT_SECTIONS = [
  'retention',
  'upsell',
  'downgrades',
  'churn',
  'survey',
  'nextActions',
] as const
type Section = (typeof REPORT_SECTIONS)[number]

export const ZReportNotesPut = z.strictObject({
  author: ZActor,
  notes: z
    .strictObject(
      Object.fromEntries(
        REPORT_SECTIONS.map((section) => [section, z.string().max(LIMITS.comment).optional()]),
      ),
    )
    .refine((notes) => Object.values(notes).some((text) => text !== undefined), {
      error: 'give at least one section',
    }),
})

export const ZReportQuery = z.strictObject({ format: z.enum(['json', 'md']).default('json') })

/** How each revenue section of the report is measured, and which movements it lists. */
const REVENUE_SECTIONS: {
  section: Section
  title: string
  metric: GoalMetric
  formula: string
  rate: (totals: MovementTotals) => Ratio
  movers: MovementKind
}[] = [
  {
    section: 'retention',
    title: 'Net revenue retention',
    metric: 'netRevenueRetention',
    formula: '(start MRR + expansion − contraction − churn) ÷ start MRR',
    rate: netRevenueRetention,
    movers: 'churn',
  },
  {
    section: 'upsell',
    title: 'Upsell',
    metric: 'expansionRate',
    formula: 'expansion ÷ start MRR',
    rate: expansionRate,
    movers: 'expansion',
  },
  {
    section: 'downgrades',
    title: 'Downgrades',
    metric: 'contractionRate',
    formula: 'contraction ÷ start MRR',
    rate: contractionRate,
    movers: 'contraction',
  },
  {
    section: 'churn',
    title: 'Churn',
    metric: 'revenueChurnRate',
    formula: 'churned MRR ÷ start MRR',
    rate: revenueChurnRate,
    movers: 'churn',
  },
]

/** Buckets in the report's order; accounts without an NPS answer ('(none)') last. */
/** Accounts listed per kind of movement, biggest first. */
const MOVERS_PER_KIND = 5

const BUCKET_ORDER = ['promoter', 'passive', 'detractor', '(none)']

/** The month's first instant in the zone: the 15th at noon UTC lies inside that month in every zone. */
function monthStart(month: string, timeZone: string): Date {
  const [year, number] = month.split('-').map(Number)
  return periodStart(new Date(Date.UTC(year as number, (number as number) - 1, 15, 12)), 'month', timeZone)
}

const verdict = (goal: Goal | undefined, value: number | null) => (goal ? goalMet(goal, value) : null)

/** The monthly customer-success report: revenue sections against goals, the survey block, the team's notes. */
export function monthlyReportRoutes({
  database,
  now,
}: {
  database: HeedDatabase
  now: () => number
}): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  const monthParam = (text: string) => {
    const month = ZMonth.safeParse(text)
    if (!month.success)
      throw invalidField('month', "the path must name a month as 'YYYY-MM'", 'invalid_query')
    return month.data
  }

  app.put('/reports/monthly/:month/notes', limitBody(64 * 1024), async (c) => {
    const month = monthParam(c.req.param('month'))
    const { author, notes } = readBody(c, ZReportNotesPut)
    const projectId = c.get('project').id
    const given = Object.entries(notes).flatMap(([section, text]) =>
      text === undefined ? [] : [{ section, text }],
    )
    await putReportNotes(database, projectId, month, given, author, now())
    return c.json({ month, notes: notesJson(await listReportNotes(database, projectId, month)) })
  })

  app.get('/reports/monthly/:month', async (c) => {
    const month = monthParam(c.req.param('month'))
    const { format } = readQuery(c.req.queries(), ZReportQuery)
    const project = c.get('project')
    const timeZone = project.timeZone
    const start = monthStart(month, timeZone)
    const end = shiftPeriod(start, 1, 'month', timeZone)
    const periods = periodsInRange(shiftPeriod(start, -11, 'month', timeZone), end, 'month', timeZone)
    const bounds = [...periods.map((period) => period.start.getTime()), end.getTime()]
    const rateMonths = periods.map((period) => period.label)
    const currency = await reportingCurrency(database, project.id)
    const rates = await ExchangeRates.load(database, project.id, currency)
    const month1 = {
      projectId: project.id,
      start: start.getTime(),
      end: end.getTime(),
      rateMonth: month,
      rates,
    }
    // The month's movements read once: the biggest of each kind, and every loss for the root causes.
    const moved = accountMovements(database, month1, {
      perKind: MOVERS_PER_KIND,
      all: ['churn', 'contraction'],
    })
    const [figures, movers, goals, atRisk, notes, survey, byBucket, losses] = await Promise.all([
      revenueFigures(database, { projectId: project.id, bounds, rateMonths, rates, monthsIn: timeZone }),
      largestMovers(database, {
        projectId: project.id,
        start: start.getTime(),
        end: end.getTime(),
        rateMonth: month,
        rates,
        limit: MOVERS_PER_KIND,
        moved,
      }),
      listGoals(database, project.id),
      revenueAtRisk(database, { projectId: project.id, at: end.getTime(), rateMonth: month, rates }),
      listReportNotes(database, project.id, month),
      surveyBlock(database, project.id, start.getTime(), end.getTime(), timeZone),
      revenueFigures(database, {
        projectId: project.id,
        bounds: [start.getTime(), end.getTime()],
        rateMonths: [month],
        rates,
        npsBucketAt: start.getTime(),
        monthsIn: timeZone,
      }),
      lossesByRootCause(database, { ...month1, moved }),
    ])
    const whole = figures.get('') ?? []
    const goalOf = (metric: GoalMetric) => goals.find((goal) => goal.metric === metric)
    const noteOf = (section: Section) => notesJson(notes).find((note) => note.section === section) ?? null
    const last = whole.at(-1)?.movements
    const report = {
      month,
      timeZone,
      currency,
      mrr: last ? { start: last.start, end: last.end } : { start: 0, end: 0 },
      sections: REVENUE_SECTIONS.map(({ section, title, metric, formula, rate, movers: kind }) => {
        const result = last ? rate(last) : null
        const goal = goalOf(metric)
        return {
          section,
          title,
          metric,
          formula,
          goal: goal ?? null,
          result,
          met: verdict(goal, result?.value ?? null),
          series: periods.map((period: Period, i) => ({
            label: period.label,
            value: whole[i] ? rate(whole[i].movements).value : null,
          })),
          movers: movers[kind].map(moverJson),
          note: noteOf(section),
        }
      }),
      survey: {
        ...survey,
        revenueAtRisk: atRisk,
        // Accounts by the bucket of their latest NPS answer before the month began.
        byNpsBucket: [...byBucket]
          .sort(([a], [b]) => BUCKET_ORDER.indexOf(a) - BUCKET_ORDER.indexOf(b))
          .map(([bucket, [period]]) => {
            const totals = period?.movements
            return {
              bucket,
              startMrr: totals?.start ?? 0,
              netRevenueRetention: totals ? netRevenueRetention(totals) : null,
              revenueChurnRate: totals ? revenueChurnRate(totals) : null,
              churnedMrr: totals?.churn ?? 0,
            }
          }),
        lossesByRootCause: losses,
        goals: {
          nps: goalOf('nps') ?? null,
          npsMet: verdict(goalOf('nps'), survey.kinds.find((k) => k.kind === 'nps')?.score ?? null),
          detractorFollowUpWithinSla: goalOf('detractorFollowUpWithinSla') ?? null,
          followUpMet: verdict(goalOf('detractorFollowUpWithinSla'), survey.detractorFollowUpWithinSla),
        },
        note: noteOf('survey'),
      },
      nextActions: noteOf('nextActions'),
    }
    if (format === 'md')
      return c.text(markdownOf(report), 200, { 'content-type': 'text/markdown; charset=utf-8' })
    return c.json(report)
  })

  return app
}

const notesJson = (notes: ReportNote[]) =>
  notes.map((note) => ({ ...note, updatedAt: new Date(note.updatedAt).toISOString() }))

const moverJson = (mover: Mover) => ({
  accountId: mover.accountId,
  name: mover.name,
  owner: mover.owner,
  amount: mover.amount,
  latestScore: mover.latestScore && {
    ...mover.latestScore,
    at: new Date(mover.latestScore.at).toISOString(),
  },
})

/**
 * Each kind's score this month with its interval and its change from last month (significant or not), the
 * answers per shown display, and for NPS how detractors were followed up and why they were unhappy.
 */
async function surveyBlock(
  database: HeedDatabase,
  projectId: string,
  start: number,
  end: number,
  timeZone: string,
) {
  const previous = shiftPeriod(new Date(start), -1, 'month', timeZone).getTime()
  const kinds = []
  let followUp: { rateWithinSla: number | null; rootCauseShare: number | null; topRootCauses: unknown[] } = {
    rateWithinSla: null,
    rootCauseShare: null,
    topRootCauses: [],
  }
  for (const kind of SURVEY_KINDS) {
    const surveyIds = (await listSurveys(database, projectId, { kind })).map((survey) => survey.id)
    if (surveyIds.length === 0) continue
    const [before, now] = await countPeriods(database, {
      projectId,
      kind,
      surveyIds,
      bounds: [previous, start, end],
    })
    const summary: ScoreSummary = summarize(kind as SurveyKind, now?.scores ?? {})
    const change = compareScores(summarize(kind as SurveyKind, before?.scores ?? {}), summary)
    const shown = now?.displays.shown ?? 0
    kinds.push({
      kind,
      summary,
      score: summary.status === 'no_data' ? null : summary.score.value,
      change,
      responseRate: shown > 0 ? summary.n / shown : null,
    })
    if (kind === 'nps') {
      const [stats] = await rootCauseStats(database, { projectId, kind, surveyIds, bounds: [start, end] })
      if (stats) {
        followUp = {
          rateWithinSla: stats.followUp.rateWithinSla,
          rootCauseShare: stats.rootCauseShare,
          topRootCauses: stats.pareto.slice(0, 5),
        }
      }
    }
  }
  return {
    kinds,
    detractorFollowUpWithinSla: followUp.rateWithinSla,
    rootCauseTaggedShare: followUp.rootCauseShare,
    topRootCauses: followUp.topRootCauses,
  }
}

type Report = {
  month: string
  currency: string
  mrr: { start: number; end: number }
  sections: {
    title: string
    formula: string
    goal: Goal | null
    result: Ratio | null
    met: boolean | null
    series: { label: string; value: number | null }[]
    movers: ReturnType<typeof moverJson>[]
    note: { text: string; author: string; updatedAt: string } | null
  }[]
  survey: Awaited<ReturnType<typeof surveyBlock>> & {
    revenueAtRisk: { accounts: number; mrr: number }
    byNpsBucket: { bucket: string; netRevenueRetention: Ratio | null; churnedMrr: number }[]
    lossesByRootCause: RootCauseLoss[]
    note: { text: string; author: string; updatedAt: string } | null
  }
  nextActions: { text: string; author: string; updatedAt: string } | null
}

const percent = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`)

/** The whole report as Markdown to paste into a wiki: tables for series, lists for movers and notes. */
export function markdownOf(report: Report): string {
  const digits = minorDigits(report.currency)
  const money = (minor: number) => `${(minor / 10 ** digits).toFixed(digits)} ${report.currency}`
  const goalText = (goal: Goal | null) => (goal ? `${goal.comparison} ${goal.target}` : 'none set')
  const metText = (met: boolean | null) => (met === null ? '—' : met ? 'met' : 'missed')
  const noteText = (note: Report['nextActions']) =>
    note ? [`${note.text}`, '', `_${note.author}, ${note.updatedAt}_`] : ['_No notes yet._']
  const lines = [
    `# Customer-success report, ${report.month}`,
    '',
    `MRR ${money(report.mrr.start)} → ${money(report.mrr.end)}.`,
  ]
  for (const section of report.sections) {
    lines.push(
      '',
      `## ${section.title}`,
      '',
      `Formula: ${section.formula}. Goal: ${goalText(section.goal)}. Result: ${percent(section.result?.value ?? null)} (${metText(section.met)}).`,
      '',
      `| month | ${section.series.map((point) => point.label).join(' | ')} |`,
      `| --- | ${section.series.map(() => '---').join(' | ')} |`,
      `| value | ${section.series.map((point) => percent(point.value)).join(' | ')} |`,
      '',
      'Biggest movers:',
      ...(section.movers.length === 0
        ? ['- none']
        : section.movers.map(
            (mover) =>
              `- ${mover.name ?? mover.accountId}: ${money(mover.amount)}` +
              `${mover.owner ? `, owner ${mover.owner}` : ''}` +
              `${mover.latestScore ? `, latest ${mover.latestScore.kind.toUpperCase()} ${mover.latestScore.score}` : ''}`,
          )),
      '',
      '### Key insights',
      '',
      ...noteText(section.note),
    )
  }
  const survey = report.survey
  lines.push('', '## Voice of the customer', '')
  for (const kind of survey.kinds) {
    const summary = kind.summary
    const score =
      summary.status === 'no_data' ? 'no answers' : `${summary.score.value.toFixed(1)} (n = ${summary.n})`
    const change =
      kind.change.status === 'no_data'
        ? ''
        : `, ${kind.change.significant ? 'significant' : 'no significant'} change vs last month`
    lines.push(`- ${kind.kind.toUpperCase()}: ${score}${change}; response rate ${percent(kind.responseRate)}`)
  }
  lines.push(
    `- Detractors followed up within SLA: ${percent(survey.detractorFollowUpWithinSla)}`,
    `- Detractors with a root cause: ${percent(survey.rootCauseTaggedShare)}`,
    `- Revenue at risk (accounts with an open detractor case): ${money(survey.revenueAtRisk.mrr)} from ${survey.revenueAtRisk.accounts} accounts`,
    ...survey.byNpsBucket.map(
      (entry) =>
        `- NRR of ${entry.bucket === '(none)' ? 'accounts without an NPS answer' : `${entry.bucket}s`}: ${percent(entry.netRevenueRetention?.value ?? null)}, churned ${money(entry.churnedMrr)}`,
    ),
    ...survey.lossesByRootCause.map(
      (loss) =>
        `- Lost to ${loss.rootCause === '(none)' ? 'no known root cause' : loss.rootCause}: churn ${money(loss.churn)}, downgrades ${money(loss.contraction)} (${loss.accounts} accounts)`,
    ),
    '',
    '### Key insights',
    '',
    ...noteText(survey.note),
    '',
    '## Next actions',
    '',
    ...noteText(report.nextActions),
    '',
  )
  return lines.join('\n')
}
