import { formatPeriodStart } from '../../format'
import { categoryAxis } from '../../ui/plot'
import type { UsageUnit } from '../../usage-query'

/** The x axis every usage chart shares: one category per period, named by its start in the project's zone. */
export function periodAxis(points: readonly { start: string }[], unit: UsageUnit, timeZone: string) {
  return {
    scale: { time: false, range: [-0.5, points.length - 0.5] as [number, number] },
    axis: categoryAxis(points.map((point) => formatPeriodStart(point.start, unit, timeZone))),
    indexes: points.map((_, index) => index),
  }
}
