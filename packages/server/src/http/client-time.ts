/** How far a client's clock may run ahead before its timestamp is replaced by the server's. */
const MAX_AHEAD_MS = 5 * 60_000
/** Offline queues deliver late, but not this late: older timestamps are replaced too. */
const MAX_BEHIND_MS = 30 * 24 * 3_600_000

/**
 * When something happened, by the client's clock when it is plausible, else the server's: a phone whose
 * clock is a year off must not file today's answer under last year.
 */
export function clientTime(timestamp: string | undefined, now: number): number {
  if (timestamp === undefined) return now
  const at = Date.parse(timestamp)
  return at > now + MAX_AHEAD_MS || at < now - MAX_BEHIND_MS ? now : at
}
