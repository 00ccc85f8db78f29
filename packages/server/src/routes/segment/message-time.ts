/** How far ahead of the server's clock a message's time may be before the arrival time replaces it. */
export const MAX_AHEAD_MS = 5 * 60_000

export interface MessageTimes {
  timestamp?: string
  originalTimestamp?: string
  /** When the library sent the message, by the same clock; the batch's when the message has none. */
  sentAt?: string
}

/**
 * When a Segment message happened, by the server's clock, as Segment computes it:
 * - an explicit `timestamp` next to an `originalTimestamp` is taken as given (a backfill: years back is fine);
 * - otherwise the device's time of the call (`originalTimestamp`, or the `timestamp` the library stamped
 *   it with) is corrected for the device's clock skew when the message says when it was sent:
 *   `receivedAt − (sentAt − originalTimestamp)`; without `sentAt` there is nothing to measure skew by and
 *   the time is taken as given;
 * - without any time, it is the arrival time.
 * A result more than MAX_AHEAD_MS after arrival cannot be right (the event has not happened yet) and is
 * replaced by the arrival time.
 */
export function messageTime(times: MessageTimes, receivedAt: number): number {
  const { timestamp, originalTimestamp, sentAt } = times
  let at: number
  if (timestamp !== undefined && originalTimestamp !== undefined) at = Date.parse(timestamp)
  else {
    const called = originalTimestamp ?? timestamp
    if (called === undefined) return receivedAt
    at = Date.parse(called)
    if (sentAt !== undefined) at = receivedAt - (Date.parse(sentAt) - at)
  }
  return at > receivedAt + MAX_AHEAD_MS ? receivedAt : at
}
