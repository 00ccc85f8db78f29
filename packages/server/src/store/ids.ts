import { createHash, randomBytes } from 'node:crypto'

/** Server-made ids: a readable prefix and 96 random bits, URL-safe. */
export const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url')}`

export const newPublicKey = () => `pk_${randomBytes(18).toString('base64url')}`

export const newSecretKey = () => `sk_${randomBytes(24).toString('base64url')}`

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex')
