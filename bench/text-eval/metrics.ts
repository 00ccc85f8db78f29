import { LABELS, type Label } from './dataset'

/** What a tagger said: a label, or that it refused to score the comment (language not supported). */
export type Prediction = Label | 'unsupported'
export const PREDICTIONS: readonly Prediction[] = [...LABELS, 'unsupported']

export interface ClassMetrics {
  precision: number
  recall: number
  f1: number
  support: number
}

export interface SentimentMetrics {
  n: number
  accuracy: number
  macroF1: number
  perClass: Record<Label, ClassMetrics>
  /** confusion[truth][prediction] = count. */
  confusion: Record<Label, Record<Prediction, number>>
}

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole)
const harmonic = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r))

export function sentimentMetrics(
  pairs: readonly { truth: Label; predicted: Prediction }[],
): SentimentMetrics {
  const confusion = Object.fromEntries(
    LABELS.map((truth) => [truth, Object.fromEntries(PREDICTIONS.map((p) => [p, 0]))]),
  ) as Record<Label, Record<Prediction, number>>
  for (const { truth, predicted } of pairs) confusion[truth][predicted] += 1
  const perClass = {} as Record<Label, ClassMetrics>
  for (const label of LABELS) {
    const truePositives = confusion[label][label]
    const predictedAs = LABELS.reduce((sum, truth) => sum + confusion[truth][label], 0)
    const support = PREDICTIONS.reduce((sum, predicted) => sum + confusion[label][predicted], 0)
    const precision = ratio(truePositives, predictedAs)
    const recall = ratio(truePositives, support)
    perClass[label] = { precision, recall, f1: harmonic(precision, recall), support }
  }
  const correct = LABELS.reduce((sum, label) => sum + confusion[label][label], 0)
  return {
    n: pairs.length,
    accuracy: ratio(correct, pairs.length),
    macroF1: LABELS.reduce((sum, label) => sum + perClass[label].f1, 0) / LABELS.length,
    perClass,
    confusion,
  }
}

export interface ThemeMetrics {
  /** Over every (comment, theme) pair: of the themes given, how many were right. */
  precision: number
  recall: number
  truePositives: number
  falsePositives: number
  falseNegatives: number
  perTheme: Record<string, { precision: number; recall: number; given: number; labelled: number }>
}

export function themeMetrics(pairs: readonly { truth: readonly string[]; predicted: readonly string[] }[]) {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>()
  const countOf = (theme: string) => {
    let count = counts.get(theme)
    if (!count) {
      count = { tp: 0, fp: 0, fn: 0 }
      counts.set(theme, count)
    }
    return count
  }
  for (const { truth, predicted } of pairs) {
    for (const theme of predicted) countOf(theme)[truth.includes(theme) ? 'tp' : 'fp'] += 1
    for (const theme of truth) if (!predicted.includes(theme)) countOf(theme).fn += 1
  }
  let [tp, fp, fn] = [0, 0, 0]
  const perTheme: ThemeMetrics['perTheme'] = {}
  for (const [theme, count] of [...counts].sort(([x], [y]) => x.localeCompare(y))) {
    tp += count.tp
    fp += count.fp
    fn += count.fn
    perTheme[theme] = {
      precision: ratio(count.tp, count.tp + count.fp),
      recall: ratio(count.tp, count.tp + count.fn),
      given: count.tp + count.fp,
      labelled: count.tp + count.fn,
    }
  }
  const metrics: ThemeMetrics = {
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    perTheme,
  }
  return metrics
}
