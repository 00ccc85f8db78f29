import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * `X-Heed-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. The time is signed
 * with the body, so a receiver that also checks it is recent cannot be fed an old delivery again.
 */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmacHex(secret, unixSeconds, body)}`
}

/**
 * What a receiver does with the header: recompute the HMAC over the raw body it received, compare in
 * constant time, and refuse a signature older (or newer) than the tolerance.
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=')
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const
    }),
  )
  const time = Number(parts.get('t'))
  const given = parts.get('v1') ?? ''
  if (!Number.isInteger(time) || Math.abs(nowSeconds - time) > toleranceSeconds) return false
  if (!/^[0-9a-f]{64}$/.test(given)) return false
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(hmacHex(secret, time, body), 'hex'))
}

function hmacHex(secret: string, unixSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')
}
