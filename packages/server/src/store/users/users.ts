import { randomBytes } from 'node:crypto'
import type { Selectable } from 'kysely'
import type { HeedDatabase } from '../../db/open'
import type { UserTable } from '../../db/schema'
import { query, type SqlWork } from '../../db/work'
import { hashKey, newId } from '../ids'

/** What a person may do: viewers read, members also change (cases, surveys, settings), admins also invite. */
export const ROLES = ['admin', 'member', 'viewer'] as const
export type Role = (typeof ROLES)[number]

export interface User {
  id: string
  projectId: string
  email: string
  name: string
  role: Role
  /** Whether a password is set; false until the one-time link is followed. */
  active: boolean
  createdAt: number
}

/** A set-password link works for a week, and once. */
export const PASSWORD_TOKEN_TTL_MS = 7 * 24 * 3600 * 1000

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value)

export const toUser = (row: Selectable<UserTable>): User => ({
  id: row.id,
  projectId: row.project_id,
  email: row.email,
  name: row.name,
  // A role this version does not know (written by a newer one) reads as the least powerful.
  role: isRole(row.role) ? row.role : 'viewer',
  active: row.password_hash !== null,
  createdAt: Number(row.created_at),
})

export type CreateUserOutcome = { outcome: 'created'; user: User; token: string } | { outcome: 'email_taken' }

/**
 * Adds a person with no password yet, and returns the one-time token of their set-password link. They also
 * join the project's team (unless they are in it already), so cases can be assigned to them.
 */
export function createUser(
  database: HeedDatabase,
  fields: { projectId: string; email: string; name: string; role: Role },
  now: number,
): Promise<CreateUserOutcome> {
  const id = newId('usr')
  const token = newPasswordToken()
  return database.transact(function* (): SqlWork<CreateUserOutcome> {
    const { projectId, email, name, role } = fields
    const inserted = yield* query(
      `INSERT INTO users (id, project_id, email, name, role, password_hash, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, NULL, ?, ?) ON CONFLICT (email) DO NOTHING`,
      [id, projectId, email, name, role, now, now],
    )
    if (inserted.changes === 0) return { outcome: 'email_taken' }
    yield* query(
      `INSERT INTO team_members (project_id, email, name, active, turn, created_at, updated_at)
       VALUES (?, ?, ?, 1, 0, ?, ?) ON CONFLICT (project_id, email) DO NOTHING`,
      [projectId, email, name, now, now],
    )
    yield* query(
      'INSERT INTO user_tokens (token_hash, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)',
      [hashKey(token), id, now + PASSWORD_TOKEN_TTL_MS, now],
    )
    const user: User = { id, projectId, email, name, role, active: false, createdAt: now }
    return { outcome: 'created', user, token }
  })
}

const newPasswordToken = () => `pw_${randomBytes(24).toString('base64url')}`

/**
 * Sets the password of the token's user, if the token is known and not expired, and uses the token up. Every
 * session of the user ends: whoever knew the old password is signed out.
 */
export function setPasswordWithToken(
  database: HeedDatabase,
  token: string,
  passwordHash: string,
  now: number,
): Promise<{ userId: string; email: string } | undefined> {
  return database.transact(function* () {
    const { rows } = yield* query<{ user_id: string; expires_at: number }>(
      'SELECT user_id, expires_at FROM user_tokens WHERE token_hash = ?',
      [hashKey(token)],
    )
    const row = rows[0]
    if (!row || Number(row.expires_at) <= now) return undefined
    yield* query('DELETE FROM user_tokens WHERE user_id = ?', [row.user_id])
    yield* query('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?', [
      passwordHash,
      now,
      row.user_id,
    ])
    yield* query('DELETE FROM sessions WHERE user_id = ?', [row.user_id])
    const user = yield* query<{ email: string }>('SELECT email FROM users WHERE id = ?', [row.user_id])
    return { userId: row.user_id, email: user.rows[0]?.email ?? '' }
  })
}

/** The user of an e-mail (compared lower-cased), with their password hash for sign-in. */
export async function findUserByEmail(
  database: HeedDatabase,
  email: string,
): Promise<{ user: User; passwordHash: string | null } | undefined> {
  const row = await database.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst()
  return row && { user: toUser(row), passwordHash: row.password_hash }
}

export async function listUsers(database: HeedDatabase, projectId: string): Promise<User[]> {
  const rows = await database.db
    .selectFrom('users')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('email')
    .execute()
  return rows.map(toUser)
}
