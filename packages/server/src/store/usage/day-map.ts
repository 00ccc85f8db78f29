import type { Period } from '@heed/shared/periods/period'
import { HOUR_MS } from './hours'

/** Which local bucket (day or period) the hours of a UTC day fall in: rows of (UTC day, hour mask, bucket). */
export type BucketMap = Array<[utcDay: number, mask: number, bucket: number]>

/**
 * Maps the UTC hours of contiguous local buckets to the buckets' indexes: an hour belongs to the bucket it
 * starts in, so in a whole-hour zone every bucket is exactly its hours, and in a zone offset by 30 or 45
 * minutes a boundary falls inside an hour, which then counts wholly in the bucket its start falls in, the
 * earlier one.
 */
export function bucketMap(buckets: readonly Pick<Period, 'start' | 'end'>[]): BucketMap {
  const map: BucketMap = []
  buckets.forEach((bucket, index) => {
    const fromHour = Math.ceil(bucket.start.getTime() / HOUR_MS)
    const toHour = Math.ceil(bucket.end.getTime() / HOUR_MS)
    for (let hour = fromHour; hour < toHour; ) {
      const day = Math.floor(hour / 24)
      const end = Math.min(toHour, (day + 1) * 24)
      map.push([day, 2 ** (end - day * 24) - 2 ** (hour - day * 24), index])
      hour = end
    }
  })
  return map
}

/** The map as a CTE `name(utc_day, mask, bucket)`, typed so that PostgreSQL compares it with bigint columns. */
export function bucketMapSql(name: string, map: BucketMap): { text: string; parameters: number[] } {
  return {
    text: `${name}(utc_day, mask, bucket) AS (VALUES ${map
      .map(() => '(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS INTEGER))')
      .join(', ')})`,
    parameters: map.flat(),
  }
}

/** The index of the bucket each UTC hour in the map's span falls in, by hour since the epoch. */
export function hourBuckets(
  buckets: readonly Pick<Period, 'start' | 'end'>[],
): (hour: number) => number | undefined {
  const first = buckets[0]
  if (first === undefined) return () => undefined
  const fromHour = Math.ceil(first.start.getTime() / HOUR_MS)
  const index: number[] = []
  buckets.forEach((bucket, i) => {
    const toHour = Math.ceil(bucket.end.getTime() / HOUR_MS)
    for (let hour = fromHour + index.length; hour < toHour; hour++) index.push(i)
  })
  return (hour) => index[hour - fromHour]
}
