import { z } from 'zod'

export type HealthBand = 'red' | 'yellow' | 'green'

/**
 * Where the bands start: red below `yellow`, yellow from `yellow` up to below `green`, green from `green` on.
 * By default red < 50 ≤ yellow < 75 ≤ green.
 */
export const ZHealthBands = z
  .object({
    yellow: z.number().int().min(1).max(100),
    green: z.number().int().min(1).max(100),
  })
  .strict()
  .refine((bands) => bands.yellow < bands.green, {
    message: 'yellow must start below green',
    path: ['green'],
  })
export type THealthBands = z.infer<typeof ZHealthBands>

export const DEFAULT_HEALTH_BANDS: THealthBands = { yellow: 50, green: 75 }

/** The band a score falls in. */
export function healthBand(score: number, bands: THealthBands): HealthBand {
  if (score >= bands.green) return 'green'
  if (score >= bands.yellow) return 'yellow'
  return 'red'
}
