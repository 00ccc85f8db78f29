import { randomBytes } from 'node:crypto'
import type { HeedDatabase } from '../../db/open'
import { query } from '../../db/work'
import { hashKey } from '../ids'
import { toUser, type User } from './users'

/** How long a session lives: ended after `idleMs` without a request, and `absoluteMs` after sign-in whatever happens. */
export interface SessionLifetime {
  idleMs: number
  absoluteMs: number
}

/** A working day's pause keeps one signed in; a fortnight later everyone signs in again. */
export const DEFAULT_SESSION_LIFETIME: SessionLifetime = {
  idleMs: 12 * 3600 * 1000,
  absoluteMs: 14 * 24 * 3600 * 1000,
}

/** `last_seen_at` moves at most once a minute: every request of a busy dashboard would otherwise write. */
const TOUCH_EVERY_MS = 60_000

export interface Session {
  /** SHA-256 of the cookie's value: the key of the session's row. */
  idHash: string
  user: User
  /** The synchronizer token every cookie-authenticated write must echo in a header. */
  csrfToken: string
  createdAt: number
}

/** Starts a session; the token goes in the cookie and is stored only hashed. */
export async function createSession(
  database: HeedDatabase,
  userId: string,
  now: number,
): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url')
  const csrfToken = randomBytes(24).toString('base64url')
  await database.transact(function* () {
    yield* query(
      'INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)',
      [hashKey(token), userId, csrfToken, now, now],
    )
  })
  return { token, csrfToken }
}

/**
 * The live session of a cookie's token, its last use moved to now; undefined when unknown, idle too long or too
 * old (an expired session's row is deleted then).
 */
export async function findSession(
  database: HeedDatabase,
  token: string,
  now: number,
  lifetime: SessionLifetime,
): Promise<Session | undefined> {
  const idHash = hashKey(token)
  const row = await database.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.csrf_token', 'sessions.created_at as session_created_at', 'sessions.last_seen_at'])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst()
  if (!row) return undefined
  const createdAt = Number(row.session_created_at)
  const lastSeenAt = Number(row.last_seen_at)
  if (now - lastSeenAt >= lifetime.idleMs || now - createdAt >= lifetime.absoluteMs) {
    await deleteSession(database, idHash)
    return undefined
  }
  if (now - lastSeenAt >= TOUCH_EVERY_MS) {
    await database.transact(function* () {
      yield* query('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ? AND last_seen_at < ?', [
        now,
        idHash,
        now,
      ])
    })
  }
  return { idHash, user: toUser(row), csrfToken: row.csrf_token, createdAt }
}

export async function deleteSession(database: HeedDatabase, idHash: string): Promise<void> {
  await database.transact(function* () {
    yield* query('DELETE FROM sessions WHERE id_hash = ?', [idHash])
  })
}

/** Ends every session of the user: "sign out everywhere". */
export async function deleteUserSessions(database: HeedDatabase, userId: string): Promise<number> {
  return database.transact(function* () {
    return (yield* query('DELETE FROM sessions WHERE user_id = ?', [userId])).changes
  })
}
