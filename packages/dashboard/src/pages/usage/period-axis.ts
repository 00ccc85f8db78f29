import { categoryAxis } from '../../ui/plot'
import type { UsageUnit } from '../../usage-query'
import { formatPeriodStart } from './figures'

/** The x axis every usage chart shares: one category per period, named by its start in the project's zone. */
export function periodAxis(points: readonly { start: string }[], unit: UsageUnit, timeZone: string) {
  return {
    scale: { time: false, range: [-0.5, points.length - 0.5] as [number, number] },
    axis: categoryAxis(points.map((point) => formatPeriodStart(point.start, unit, timeZone))),
    indexes: points.map((_, index) => index),
  }
}

/** Steps of a y axis that counts whole things (people, accounts, sessions): never 2.5 of a person. */
export const WHOLE_STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000,
]
