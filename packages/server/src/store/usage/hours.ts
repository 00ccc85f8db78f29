/** Usage rollups key activity by UTC day and mark the UTC hours of that day in a 24-bit mask. */
export const HOUR_MS = 3_600_000
export const DAY_MS = 24 * HOUR_MS
export const ALL_HOURS = 2 ** 24 - 1

export const dayOf = (time: number) => Math.floor(time / DAY_MS)
export const hourBitOf = (time: number) => 2 ** Math.floor((time - dayOf(time) * DAY_MS) / HOUR_MS)

/** Bits of hours [from, to) of a day, 0 <= from <= to <= 24. */
export const hourBits = (from: number, to: number) => 2 ** to - 2 ** from

/**
 * SQL selecting the rollup rows active in the whole UTC hours [fromHour, toHour) (hours since the epoch),
 * for a table aliased `alias` with `day` and `hours`: whole days by day, the partial days at either end by
 * their mask.
 */
export function hourRangeSql(alias: string, fromHour: number, toHour: number) {
  const firstDay = Math.floor(fromHour / 24)
  const lastDay = Math.floor((toHour - 1) / 24)
  const fromBit = fromHour - firstDay * 24
  const toBit = toHour - lastDay * 24
  if (firstDay === lastDay)
    return {
      text: `(${alias}.day = ? AND (${alias}.hours & ?) <> 0)`,
      parameters: [firstDay, hourBits(fromBit, toBit)],
    }
  return {
    text: `(${alias}.day >= ? AND ${alias}.day <= ? AND (${alias}.hours & CASE WHEN ${alias}.day = ? THEN ? WHEN ${alias}.day = ? THEN ? ELSE ${ALL_HOURS} END) <> 0)`,
    parameters: [firstDay, lastDay, firstDay, hourBits(fromBit, 24), lastDay, hourBits(0, toBit)],
  }
}
