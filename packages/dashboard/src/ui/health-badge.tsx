import type { HealthBand } from '../accounts-query'

export const BAND_LABELS: Record<HealthBand, string> = { red: 'Red', yellow: 'Yellow', green: 'Green' }

/**
 * A health score with its band written out beside the colour (never colour alone): "26 · Red". Without a
 * score (too little data) it says so.
 */
export function HealthBadge({
  score,
  band,
  large = false,
}: {
  score: number | null | undefined
  band: HealthBand | null | undefined
  large?: boolean
}) {
  if (score === null || score === undefined || !band) return <span class="health health-none">No score</span>
  return (
    <span class={`health health-${band}${large ? ' health-large' : ''}`}>
      <span class="health-dot" aria-hidden="true" />
      <span class="health-score">{score}</span>
      <span class="health-band">{BAND_LABELS[band]}</span>
    </span>
  )
}
