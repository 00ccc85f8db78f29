export interface Timings {
  runs: number
  p50: number
  p95: number
  max: number
  mean: number
}

/** Percentiles of durations in milliseconds, by the nearest-rank method (no interpolation). */
export function timings(durations: readonly number[]): Timings {
  if (durations.length === 0) throw new RangeError('no durations to summarize')
  const sorted = [...durations].sort((a, b) => a - b)
  const rank = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length
  return { runs: sorted.length, p50: ms(rank(50)), p95: ms(rank(95)), max: ms(rank(100)), mean: ms(mean) }
}

const ms = (value: number) => Math.round(value * 100) / 100
