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
 * Server-made ids: a readable prefix, the creation time, then 96 random bits, URL-safe. Leading with the
 * time makes each new id sort after the previous ones, so inserting it touches the last page of the primary
 * key's B-tree instead of a random one: with random ids, each detractor's case and its first history row
 * rewrote two more pages per commit.
 */
export const newId = (prefix: string, now = Date.now()) => `${prefix}_${timePrefix(now)}${randomSuffix()}`

export const newPublicKey = () => `pk_${randomBytes(18).toString('base64url')}`

export const newSecretKey = () => `sk_${randomBytes(24).toString('base64url')}`

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex')
