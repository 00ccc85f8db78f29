/** A session ends after 30 minutes without an event, the usual web-analytics definition. */
export const DEFAULT_SESSION_TIMEOUT_MS = 30 * 60_000

export interface ActivityEvent {
  personId: string
  /** Epoch milliseconds. */
  time: number
}

/** `start` and `end` are the times of the session's first and last events (equal for a single event). */
export interface Session {
  personId: string
  start: number
  end: number
  eventCount: number
}

/**
 * Groups each person's events into sessions. A session goes on while each event follows the person's
 * previous one by at most `timeoutMs`; a longer gap starts a new session. A gap of exactly `timeoutMs`
 * keeps the session going: it ends only once the full timeout has passed with no event.
 *
 * Events must be sorted by time (ties in any order); a decreasing or non-finite time throws RangeError.
 * Sessions are returned ordered by start, ties in the order of their first events. One pass; apart from
 * the result it holds only the sessions still open, so memory grows with concurrently active persons.
 */
export function sessionize(events: Iterable<ActivityEvent>, options: { timeoutMs?: number } = {}): Session[] {
  const { timeoutMs = DEFAULT_SESSION_TIMEOUT_MS } = options
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) {
    throw new RangeError(`timeoutMs must be a finite number >= 0, got ${timeoutMs}`)
  }
  const sessions: Session[] = []
  // Open sessions by person. Each event re-inserts its person, so the Map's insertion order is the
  // order of last activity and expired sessions are always at the front.
  const open = new Map<string, Session>()
  let previousTime = Number.NEGATIVE_INFINITY
  for (const { personId, time } of events) {
    if (!Number.isFinite(time)) throw new RangeError(`Event time must be finite, got ${time}`)
    if (time < previousTime) {
      throw new RangeError(`Events must be sorted by time: ${time} came after ${previousTime}`)
    }
    previousTime = time
    for (const [openPersonId, session] of open) {
      if (time - session.end <= timeoutMs) break
      open.delete(openPersonId)
    }
    let session = open.get(personId)
    if (session === undefined) {
      session = { personId, start: time, end: time, eventCount: 0 }
      sessions.push(session)
    } else {
      open.delete(personId)
    }
    session.end = time
    session.eventCount += 1
    open.set(personId, session)
  }
  return sessions
}

export interface SessionStats {
  count: number
  /** Null when there are no sessions. */
  averageDurationMs: number | null
  /** Middle duration, or the mean of the two middle ones for an even count; null when there are none. */
  medianDurationMs: number | null
}

/** Count and durations (end - start) of sessions; a single-event session lasts 0 ms. */
export function sessionStats(sessions: Iterable<Pick<Session, 'start' | 'end'>>): SessionStats {
  const durations = Array.from(sessions, (session) => session.end - session.start).sort((a, b) => a - b)
  const count = durations.length
  if (count === 0) return { count, averageDurationMs: null, medianDurationMs: null }
  const total = durations.reduce((sum, duration) => sum + duration, 0)
  const middle = Math.floor(count / 2)
  const median = count % 2 === 1 ? durations[middle]! : (durations[middle - 1]! + durations[middle]!) / 2
  return { count, averageDurationMs: total / count, medianDurationMs: median }
}
