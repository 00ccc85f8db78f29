import {
  DEFAULT_MAX_PERIODS,
  PERIOD_UNITS,
  type Period,
  type PeriodUnit,
  periodsInRange,
} from '@heed/shared/periods/period'
import { isValidTimeZone } from '@heed/shared/periods/time-zone'
import { ZServerId } from '@heed/shared/schemas/ids'
import { ZTimestamp } from '@heed/shared/schemas/timestamp'
import { compareScores } from '@heed/shared/scores/compare'
import type { ScoreCounts } from '@heed/shared/scores/histogram'
import { SURVEY_KINDS, type SurveyKind } from '@heed/shared/scores/scales'
import { type ScoreSummary, summarize } from '@heed/shared/scores/summary'
import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { invalidField, notFound } from '../../errors'
import { readQuery } from '../../http/read-query'
import { participation, topThemes } from '../../store/reach-queries'
import { SLOT_MS } from '../../store/rollups'
import {
  addPeriodCounts,
  type CountScope,
  countPeriods,
  countPeriodsBySurvey,
  countPeriodsByTrait,
  type DisplayCounts,
  TRAIT_NAME,
} from '../../store/score-queries'
import { findSurvey, listSurveys } from '../../store/surveys'
import { loadTaxonomy } from '../../store/taxonomy'

const DEFAULT_RANGE_MS = 90 * 86_400_000

const ZInstant = ZTimestamp.transform((text) => Date.parse(text))

/** Which answers: one survey, or every survey of the project of one kind. */
export type SurveyChoice = { surveyId: string } | { kind: SurveyKind }

export const scopeParameters = {
  surveyId: ZServerId.optional(),
  kind: z.enum(SURVEY_KINDS).optional(),
  from: ZInstant.optional(),
  to: ZInstant.optional(),
}

/** Exactly one of surveyId and kind, turned into a SurveyChoice; the other parameters pass through. */
export function chooseSurveys<T extends { surveyId?: string; kind?: SurveyKind }>(
  { surveyId, kind, ...rest }: T,
  ctx: z.RefinementCtx,
): Omit<T, 'surveyId' | 'kind'> & { surveys: SurveyChoice } {
  if (surveyId !== undefined && kind !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['kind'], input: kind, message: 'give surveyId or kind, not both' })
    return z.NEVER
  }
  if (surveyId !== undefined) return { ...rest, surveys: { surveyId } }
  if (kind !== undefined) return { ...rest, surveys: { kind } }
  ctx.addIssue({
    code: 'custom',
    path: ['surveyId'],
    input: undefined,
    message: 'is required: give surveyId (one survey) or kind (all surveys of that kind)',
  })
  return z.NEVER
}

export const ZScoreSummaryQuery = z
  .strictObject({
    ...scopeParameters,
    // Participation counts distinct people over the raw answers and displays (people cannot be summed from
    // the rollups), hundreds of times the cost of the rest of the summary: asked for, not paid by default.
    include: z.literal('participation', { error: "must be 'participation'" }).optional(),
  })
  .transform(chooseSurveys)

/** How many themes `GET /scores/themes` lists at most. */
const MAX_TOP_THEMES = 20

export const ZScoreThemesQuery = z
  .strictObject({
    ...scopeParameters,
    limit: z.coerce.number().int().min(1).max(MAX_TOP_THEMES).default(5),
  })
  .transform(chooseSurveys)

export const ZTimeZone = z
  .string()
  .max(100)
  .refine(isValidTimeZone, { error: 'must be an IANA time zone name, e.g. Europe/Berlin' })

const TRAIT_PREFIX = 'trait:'

type SplitBy = { by: 'survey' } | { by: 'trait'; name: string }

const ZSplitBy = z.string().transform((text, ctx): SplitBy => {
  if (text === 'survey') return { by: 'survey' }
  const name = text.slice(TRAIT_PREFIX.length)
  if (text.startsWith(TRAIT_PREFIX) && TRAIT_NAME.test(name)) return { by: 'trait', name }
  ctx.addIssue({
    code: 'custom',
    input: text,
    message: "must be 'survey' or 'trait:<name>', the name 1-100 letters, digits, '_', '.' or '-'",
  })
  return z.NEVER
})

export const ZScoreTrendQuery = z
  .strictObject({
    ...scopeParameters,
    period: z.enum(PERIOD_UNITS).default('week'),
    timeZone: ZTimeZone.optional(),
    splitBy: ZSplitBy.optional(),
  })
  .transform(chooseSurveys)

export async function resolveSurveys(
  database: HeedDatabase,
  projectId: string,
  choice: SurveyChoice,
): Promise<{ kind: SurveyKind; surveyIds: string[] }> {
  if ('surveyId' in choice) {
    const survey = await findSurvey(database, projectId, choice.surveyId)
    if (!survey) throw notFound('survey')
    return { kind: survey.definition.kind, surveyIds: [survey.id] }
  }
  const surveys = await listSurveys(database, projectId, { kind: choice.kind })
  return { kind: choice.kind, surveyIds: surveys.map((survey) => survey.id) }
}

/** [from, to) as asked, or the 90 days ending at `to`, which defaults to now. */
export function rangeOf(query: { from?: number; to?: number }, now: number): { from: number; to: number } {
  const to = query.to ?? now
  const from = query.from ?? to - DEFAULT_RANGE_MS
  if (from >= to) {
    throw query.to === undefined
      ? invalidField('from', 'must be earlier than to, which defaults to now', 'invalid_query')
      : invalidField('to', 'must be later than from', 'invalid_query')
  }
  return { from, to }
}

/** Calendar periods covering the range; everything else was validated, so a RangeError means too many. */
export function trendPeriods(
  range: { from: number; to: number },
  unit: PeriodUnit,
  timeZone: string,
): Period[] {
  try {
    return periodsInRange(new Date(range.from), new Date(range.to), unit, timeZone)
  } catch (error) {
    if (!(error instanceof RangeError)) throw error
    throw invalidField(
      'from',
      `the range holds more than ${DEFAULT_MAX_PERIODS} periods of a ${unit}: choose a later from or a longer period`,
      'invalid_query',
    )
  }
}

/** Answers per shown display; null when nothing was shown (or displays are unknown, as for trait segments). */
const responseRate = (answers: number, displays: DisplayCounts | null) =>
  displays !== null && displays.shown > 0 ? answers / displays.shown : null

/** Trend points: each period's summary, displays, response rate, and its change from the period before. */
function pointsOf(
  kind: SurveyKind,
  periods: readonly Period[],
  counts: readonly { scores: ScoreCounts; displays: DisplayCounts | null }[],
) {
  let previous: ScoreSummary | undefined
  return periods.map((period, index) => {
    const { scores, displays } = counts[index] ?? { scores: {}, displays: null }
    const summary = summarize(kind, scores)
    const change = previous === undefined ? null : compareScores(previous, summary)
    previous = summary
    return {
      label: period.label,
      start: period.start.toISOString(),
      end: period.end.toISOString(),
      summary,
      displays,
      responseRate: responseRate(summary.n, displays),
      change,
    }
  })
}

/** Scores for analysts: one summary over a range, and trends by calendar period, whole or in segments. */
export function adminScoreRoutes({
  database,
  now,
}: {
  database: HeedDatabase
  now: () => number
}): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/summary', async (c) => {
    const query = readQuery(c.req.queries(), ZScoreSummaryQuery)
    const projectId = c.get('project').id
    const { kind, surveyIds } = await resolveSurveys(database, projectId, query.surveys)
    const asked = rangeOf(query, now())
    // Widened to whole 15-minute slots so that the rollups count it; the answer says what was counted.
    const from = Math.floor(asked.from / SLOT_MS) * SLOT_MS
    const to = Math.ceil(asked.to / SLOT_MS) * SLOT_MS
    const [[counts], reach] = await Promise.all([
      countPeriods(database, { projectId, kind, surveyIds, bounds: [from, to] }),
      query.include === 'participation'
        ? participation(database, { projectId, surveyIds, from, to })
        : undefined,
    ])
    const summary = summarize(kind, counts?.scores ?? {})
    const displays = counts?.displays ?? { shown: 0, dismissed: 0 }
    return c.json({
      kind,
      surveyIds,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      summary,
      displays,
      responseRate: responseRate(summary.n, displays),
      ...(reach && { participation: reach }),
    })
  })

  app.get('/themes', async (c) => {
    const query = readQuery(c.req.queries(), ZScoreThemesQuery)
    const projectId = c.get('project').id
    const [{ kind, surveyIds }, taxonomy] = await Promise.all([
      resolveSurveys(database, projectId, query.surveys),
      loadTaxonomy(database, projectId),
    ])
    const { from, to } = rangeOf(query, now())
    const { comments, themes } = await topThemes(database, { projectId, surveyIds, from, to }, query.limit)
    const labels = new Map(taxonomy.map((theme) => [theme.key, theme.label]))
    return c.json({
      kind,
      surveyIds,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      comments,
      // A key since removed from the taxonomy is its own label.
      themes: themes.map((theme) => ({ ...theme, label: labels.get(theme.theme) ?? theme.theme })),
    })
  })

  app.get('/trend', async (c) => {
    const query = readQuery(c.req.queries(), ZScoreTrendQuery)
    const project = c.get('project')
    const { kind, surveyIds } = await resolveSurveys(database, project.id, query.surveys)
    const timeZone = query.timeZone ?? project.timeZone
    const periods = trendPeriods(rangeOf(query, now()), query.period, timeZone)
    // Each period ends where the next starts, so the starts and the last end bound them all.
    const bounds = periods.map((period) => period.start.getTime())
    const last = periods.at(-1)
    if (last) bounds.push(last.end.getTime())
    const scope: CountScope = { projectId: project.id, kind, surveyIds, bounds }
    const head = { kind, surveyIds, period: query.period, timeZone }

    if (query.splitBy?.by === 'survey') {
      const bySurvey = await countPeriodsBySurvey(database, scope)
      return c.json({
        ...head,
        points: pointsOf(kind, periods, addPeriodCounts(bySurvey.values(), periods.length)),
        segments: [...bySurvey].map(([key, counts]) => ({ key, points: pointsOf(kind, periods, counts) })),
      })
    }
    if (query.splitBy?.by === 'trait') {
      const [counts, byTrait] = await Promise.all([
        countPeriods(database, scope),
        countPeriodsByTrait(database, scope, query.splitBy.name),
      ])
      return c.json({
        ...head,
        points: pointsOf(kind, periods, counts),
        segments: byTrait.map(({ key, scores }) => ({
          key,
          points: pointsOf(
            kind,
            periods,
            scores.map((perPeriod) => ({ scores: perPeriod, displays: null })),
          ),
        })),
      })
    }
    return c.json({ ...head, points: pointsOf(kind, periods, await countPeriods(database, scope)) })
  })

  return app
}
