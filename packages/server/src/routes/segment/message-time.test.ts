import { describe, expect, it } from 'vitest'
import { MAX_AHEAD_MS, messageTime } from './message-time'

const RECEIVED = Date.parse('2026-12-07T12:00:00.000Z')
const iso = (time: number) => new Date(time).toISOString()

describe('messageTime', () => {
  it('corrects a clock two minutes fast by the skew between sentAt and arrival', () => {
    const skew = 2 * 60_000
    const calledAt = RECEIVED - 30_000
    // The device thinks the call was at calledAt + skew and the send at RECEIVED + skew.
    const times = { originalTimestamp: iso(calledAt + skew), sentAt: iso(RECEIVED + skew) }
    expect(messageTime(times, RECEIVED)).toBe(calledAt)
    // analytics-node stamps `timestamp` rather than originalTimestamp; it is the device's time all the same.
    expect(messageTime({ timestamp: times.originalTimestamp, sentAt: times.sentAt }, RECEIVED)).toBe(calledAt)
  })

  it('keeps a backfilled timestamp years back as given', () => {
    const old = Date.parse('2019-03-04T05:06:07.089Z')
    expect(messageTime({ timestamp: iso(old) }, RECEIVED)).toBe(old)
    expect(
      messageTime({ timestamp: iso(old), originalTimestamp: iso(RECEIVED), sentAt: iso(RECEIVED) }, RECEIVED),
    ).toBe(old)
  })

  it('uses the arrival time without any time, or for a time too far ahead', () => {
    expect(messageTime({}, RECEIVED)).toBe(RECEIVED)
    expect(messageTime({ timestamp: iso(RECEIVED + MAX_AHEAD_MS) }, RECEIVED)).toBe(RECEIVED + MAX_AHEAD_MS)
    expect(messageTime({ timestamp: iso(RECEIVED + MAX_AHEAD_MS + 1) }, RECEIVED)).toBe(RECEIVED)
  })
})
