import { describe, expect, it } from 'vitest'
import { signatureHeader, verifySignature } from './signature'

const SECRET = 'whsec_test'
const BODY = '{"hello":"world"}'
const T = 1_700_000_000

describe('webhook signatures', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 of the secret, as openssl computes it', () => {
    // printf '%s' '1700000000.{"hello":"world"}' | openssl dgst -sha256 -hmac whsec_test
    expect(signatureHeader(SECRET, BODY, T)).toBe(
      't=1700000000,v1=f592bbf3951cfc94e560eecfb5d9dd4da6b0fff2e626235f8ab4b54860925d0b',
    )
  })

  it('verifies its own signature within the tolerance', () => {
    const header = signatureHeader(SECRET, BODY, T)
    expect(verifySignature(SECRET, BODY, header, T)).toBe(true)
    expect(verifySignature(SECRET, BODY, header, T + 300)).toBe(true)
  })

  it('refuses a changed body, another secret, a stale or future time, and malformed headers', () => {
    const header = signatureHeader(SECRET, BODY, T)
    expect(verifySignature(SECRET, '{"hello":"World"}', header, T)).toBe(false)
    expect(verifySignature('whsec_other', BODY, header, T)).toBe(false)
    expect(verifySignature(SECRET, BODY, header, T + 301)).toBe(false)
    expect(verifySignature(SECRET, BODY, header, T - 301)).toBe(false)
    for (const malformed of ['', 'v1=abc', `t=${T}`, `t=${T},v1=zz`, `t=x,v1=${'0'.repeat(64)}`]) {
      expect(verifySignature(SECRET, BODY, malformed, T), malformed).toBe(false)
    }
  })

  it('signs the time too, so an old body cannot be replayed with a fresh time', () => {
    const old = signatureHeader(SECRET, BODY, T)
    const replayed = old.replace(`t=${T}`, `t=${T + 3_600}`)
    expect(verifySignature(SECRET, BODY, replayed, T + 3_600)).toBe(false)
  })
})
