import { createHmac, timingSafeEqual } from 'node:crypto'

/** Seconds a signed event stays acceptable: Stripe's own default, against replays of a captured request. */
export const SIGNATURE_TOLERANCE_SECONDS = 300

/**
 * Why a `Stripe-Signature` header does not prove that Stripe sent `payload`, or null when it does. The header
 * is `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload" keyed by the endpoint secret>[,v1=…]` (several v1
 * while a secret is being rolled); the timestamp must be within the tolerance of `nowSeconds` either way.
 */
export function stripeSignatureProblem(
  payload: string,
  header: string | undefined,
  secret: string,
  nowSeconds: number,
): string | null {
  if (header === undefined || header === '') return 'is missing'
  const parts = header.split(',').map((part) => {
    const at = part.indexOf('=')
    return at < 0 ? ['', ''] : [part.slice(0, at).trim(), part.slice(at + 1).trim()]
  })
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1] ?? Number.NaN)
  const signatures = parts.filter(([key]) => key === 'v1').map(([, value]) => value ?? '')
  if (!Number.isSafeInteger(timestamp) || signatures.length === 0) {
    return 'must be t=<timestamp>,v1=<signature>'
  }
  const expected = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest()
  const matches = signatures.some((hex) => {
    const given = Buffer.from(hex, 'hex')
    return given.length === expected.length && timingSafeEqual(given, expected)
  })
  if (!matches) return 'does not match the payload signed with the endpoint secret'
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) {
    return `is older than ${SIGNATURE_TOLERANCE_SECONDS} seconds (or from the future): a replay is refused`
  }
  return null
}
