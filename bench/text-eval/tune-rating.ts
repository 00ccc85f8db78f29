// Chooses how much a comment's score counts for its sentiment (RATING_WEIGHT) and the neutral band, on the
// scored tuning set only (tuning-scored.jsonl); the first set (comments.jsonl, no scores) checks that the
// band still suits comments that come without one. The untouched set (unseen.jsonl) is never read here.
// Run: node --import tsx/esm bench/text-eval/tune-rating.ts
import { blendRating, NEUTRAL_BAND, polarityOf, RATING_WEIGHT } from '@heed/shared/text/sentiment'
import { table } from '../support/report'
import { type Label, loadComments, loadScoredComments } from './dataset'
import { sentimentMetrics } from './metrics'

const scored = loadScoredComments('tuning-scored.jsonl')
const first = loadComments().filter((comment) => comment.sentiment !== null)
const polarity = new Map([...scored, ...first].map((comment) => [comment.id, polarityOf(comment.text)]))
const labelAt = (score: number, band: number): Label =>
  score > band ? 'positive' : score < -band ? 'negative' : 'neutral'

const rows: (string | number)[][] = []
let best = { weight: 0, band: 0, macroF1: -1 }
for (const weight of [0, 0.1, 0.2, 0.3, 0.35, 0.4, 0.42, 0.45, 0.48, 0.5, 0.55, 0.6]) {
  for (const band of [0.2, 0.25, 0.3, 0.35]) {
    const tuning = sentimentMetrics(
      scored.map((comment) => {
        const mixed = blendRating(polarity.get(comment.id) ?? 0, comment.rating, weight)
        return { truth: comment.sentiment, predicted: labelAt(mixed, band) }
      }),
    )
    const unscored = sentimentMetrics(
      first.map((comment) => ({
        truth: comment.sentiment as Label,
        predicted: labelAt(polarity.get(comment.id) ?? 0, band),
      })),
    )
    rows.push([
      weight,
      band,
      tuning.accuracy.toFixed(3),
      tuning.macroF1.toFixed(3),
      unscored.macroF1.toFixed(3),
    ])
    if (tuning.macroF1 > best.macroF1) best = { weight, band, macroF1: tuning.macroF1 }
  }
}
console.log(
  table(['weight', 'band', 'scored tuning acc', 'scored tuning F1', 'first set F1 (no score)'], rows),
)
console.log(
  `\nbest on the scored tuning set: weight ${best.weight}, band ${best.band} (F1 ${best.macroF1.toFixed(3)})`,
)
console.log(`shipped: weight ${RATING_WEIGHT}, band ${NEUTRAL_BAND}`)
