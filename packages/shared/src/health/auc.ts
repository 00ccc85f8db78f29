/** One account in a backtest: its score at the time, and whether it went on to churn or contract. */
export interface ScoredOutcome {
  score: number
  lost: boolean
}

export interface RocAuc {
  /** Null when either group is empty: nothing to separate. */
  auc: number | null
  lost: number
  kept: number
}

/**
 * ROC AUC of a health score as a predictor of loss: the probability that an account picked at random among
 * those kept scored higher than one picked among those lost, a tie counting half (the Mann-Whitney U ÷
 * (kept × lost)). 1 separates perfectly, 0.5 is a coin toss, below 0.5 is worse than a coin. Computed from
 * ranks (average ranks for ties) in O(n log n).
 */
export function rocAuc(outcomes: readonly ScoredOutcome[]): RocAuc {
  const lost = outcomes.filter((o) => o.lost).length
  const kept = outcomes.length - lost
  if (lost === 0 || kept === 0) return { auc: null, lost, kept }
  const sorted = [...outcomes].sort((a, b) => a.score - b.score)
  let keptRankSum = 0
  for (let i = 0; i < sorted.length; ) {
    let j = i
    while (j < sorted.length && sorted[j]?.score === sorted[i]?.score) j++
    // Ranks i+1..j shared by the tied run: each gets their average.
    const averageRank = (i + 1 + j) / 2
    for (let k = i; k < j; k++) if (!sorted[k]?.lost) keptRankSum += averageRank
    i = j
  }
  const u = keptRankSum - (kept * (kept + 1)) / 2
  return { auc: u / (kept * lost), lost, kept }
}
