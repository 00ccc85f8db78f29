import { type Estimate, normalEstimate } from './estimate'
import { SCORE_RANGES, type ScoreSummary } from './summary'

/**
 * How a score moved between two periods or segments. `no_data` when either side has no responses.
 * `difference` is after − before; `significant` when its 95% interval excludes 0; `direction` is `flat`
 * whenever the change is not significant, so a dashboard never draws an arrow for noise.
 */
export type ScoreComparison =
  | { status: 'no_data' }
  | { status: 'ok'; difference: Estimate; significant: boolean; direction: 'up' | 'down' | 'flat' }

/**
 * Compares the headline scores of two summaries of the same kind. The difference of two independent
 * estimates has standard error √(seBefore² + seAfter²); its interval is the normal one on that, cut to the
 * widest difference the score allows (e.g. ±200 NPS points). With `low_sample` sides the test is rough: in
 * simulation, two samples of 5-10 from the same population came out "significant" up to about 11% of the time
 * rather than 5%, so dashboards may prefer not to draw arrows for them.
 * Throws a TypeError when the kinds differ: comparing an NPS with a CSAT is a programming error.
 */
export function compareScores(before: ScoreSummary, after: ScoreSummary): ScoreComparison {
  if (before.kind !== after.kind) throw new TypeError(`cannot compare ${before.kind} with ${after.kind}`)
  if (before.status === 'no_data' || after.status === 'no_data') return { status: 'no_data' }
  const range = SCORE_RANGES[before.kind]
  const span = range.max - range.min
  const difference = normalEstimate(
    after.score.value - before.score.value,
    Math.hypot(before.score.standardError, after.score.standardError),
    { min: -span, max: span },
  )
  const significant = difference.low > 0 || difference.high < 0
  const direction = !significant ? 'flat' : difference.value > 0 ? 'up' : 'down'
  return { status: 'ok', difference, significant, direction }
}
