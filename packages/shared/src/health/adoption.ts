import type { ComponentReading } from './component'
import type { THealthModel } from './model'
import { percent, pointsOnScale } from './scale'

export interface AdoptionInput {
  /** Catalogue features the account's people used in the last 30 days. */
  featuresUsed: number
  /** Features in the project's catalogue (more than 0, or there is no adoption to measure). */
  catalogueSize: number
}

/** Feature adoption: the % of the project's feature catalogue the account used in the last 30 days. */
export function adoptionReading(
  input: AdoptionInput,
  model: THealthModel['components']['adoption'],
): ComponentReading {
  const raw = percent(input.featuresUsed / input.catalogueSize)
  return {
    raw,
    unit: '%',
    points: pointsOnScale(raw, model.scale),
    sentence: `Used ${input.featuresUsed} of the ${input.catalogueSize} features (${raw}%) in the last 30 days.`,
  }
}
