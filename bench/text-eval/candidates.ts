import Sentiment from 'sentiment'
import vader from 'vader-sentiment'
import wink from 'wink-sentiment'

/** A sentiment library as it comes: one polarity number per text, its sign the direction. */
export interface Candidate {
  name: string
  /** The figure turned into a label by a neutral band, which the evaluation tunes per candidate. */
  scoreOf(text: string): number
}

const afinn = new Sentiment()

export const LIBRARY_CANDIDATES: readonly Candidate[] = [
  {
    name: 'sentiment 5.0.2 (AFINN-165, score)',
    scoreOf: (text) => afinn.analyze(text).score,
  },
  {
    name: 'wink-sentiment 5.0.2 (normalizedScore)',
    scoreOf: (text) => wink(text).normalizedScore,
  },
  {
    name: 'vader-sentiment 1.1.3 (compound)',
    scoreOf: (text) => vader.SentimentIntensityAnalyzer.polarity_scores(text).compound,
  },
]
