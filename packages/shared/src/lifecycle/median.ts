/** The median of durations in ms, in days rounded to one decimal; null for none. Even counts average the middle two. */
export function medianDays(durations: readonly number[]): number | null {
  if (durations.length === 0) return null
  const sorted = [...durations].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const ms =
    sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
  return Math.round((ms / 86_400_000) * 10) / 10
}
