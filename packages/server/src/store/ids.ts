import { createHash, randomBytes, randomFillSync } from 'node:crypto'

/** Random bytes are drawn in blocks: a call per id cost more than the insert of a small row. */
const POOL_BYTES = 4096
const ID_RANDOM_BYTES = 12
const pool = Buffer.alloc(POOL_BYTES)
let poolOffset = POOL_BYTES

function randomSuffix(): string {
  if (poolOffset + ID_RANDOM_BYTES > POOL_BYTES) {
    randomFillSync(pool)
    poolOffset = 0
  }
  const suffix = pool.toString('base64url', poolOffset, poolOffset + ID_RANDOM_BYTES)
  poolOffset += ID_RANDOM_BYTES
  return suffix
}

/** Milliseconds since 1970 in base 36, nine digits wide: ids sort by creation until the year 5188. */
const timePrefix = (now: number) => now.toString(36).padStart(9, '0')

/**
 * Ids of things made rarely and referenced by many rows (projects, surveys, webhooks): a readable prefix and
 * 96 random bits, URL-safe. They are kept short because every answer and event stores its project and
 * survey id, in the row and in several indexes.
 */
export const newId = (prefix: string) => `${prefix}_${randomSuffix()}`

/**
 * Ids of rows made at ingest rates (cases, their notes, webhook events and deliveries): the creation time,
 * then 96 random bits. Leading with the time makes each new id sort after the previous ones, so inserting it
 * touches the last page of the primary key's B-tree instead of a random one: with random ids, each
 * detractor's case and its first history row rewrote two more pages per commit.
 */
export const newTimeOrderedId = (prefix: string, now = Date.now()) =>
  `${prefix}_${timePrefix(now)}${randomSuffix()}`

export const newPublicKey = () => `pk_${randomBytes(18).toString('base64url')}`

export const newSecretKey = () => `sk_${randomBytes(24).toString('base64url')}`

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex')
