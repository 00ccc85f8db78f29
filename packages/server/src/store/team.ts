import type { DialectName } from '../db/dialect'
import type { HeedDatabase } from '../db/open'
import { query, type SqlWork } from '../db/work'
import { lockRows } from './people'

/** Someone follow-up cases can be assigned to. Inactive members keep their cases but get no new ones. */
export interface TeamMember {
  email: string
  name: string
  active: boolean
  createdAt: number
  updatedAt: number
}

export async function listTeam(database: HeedDatabase, projectId: string): Promise<TeamMember[]> {
  const rows = await database.db
    .selectFrom('team_members')
    .select(['email', 'name', 'active', 'created_at', 'updated_at'])
    .where('project_id', '=', projectId)
    .orderBy('email')
    .execute()
  return rows.map((row) => ({
    email: row.email,
    name: row.name,
    active: row.active === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }))
}

const INSERT_MEMBER = `INSERT INTO team_members (project_id, email, name, active, turn, created_at, updated_at)
VALUES (?, ?, ?, ?, 0, ?, ?) ON CONFLICT (project_id, email) DO NOTHING`

const UPDATE_MEMBER =
  'UPDATE team_members SET name = ?, active = ?, updated_at = ? WHERE project_id = ? AND email = ?'

/**
 * Adds a member, or replaces a member's name and active flag. A new member's turn comes first, so the
 * next unowned case goes to them.
 */
export function putTeamMember(
  database: HeedDatabase,
  projectId: string,
  member: { email: string; name: string; active: boolean },
  now: number,
): Promise<{ member: TeamMember; created: boolean }> {
  return database.transact(function* () {
    const active = member.active ? 1 : 0
    const inserted = yield* query(INSERT_MEMBER, [projectId, member.email, member.name, active, now, now])
    if (inserted.changes === 0) {
      yield* query(UPDATE_MEMBER, [member.name, active, now, projectId, member.email])
    }
    const { rows } = yield* query<{ created_at: number }>(
      'SELECT created_at FROM team_members WHERE project_id = ? AND email = ?',
      [projectId, member.email],
    )
    const createdAt = Number(rows[0]?.created_at ?? now)
    return { member: { ...member, createdAt, updatedAt: now }, created: inserted.changes === 1 }
  })
}

/** Whether the e-mail is an active member of the project's team. */
export function* isActiveMember(projectId: string, email: string): SqlWork<boolean> {
  const { rows } = yield* query(
    'SELECT email FROM team_members WHERE project_id = ? AND email = ? AND active = 1',
    [projectId, email],
  )
  return rows.length > 0
}

/**
 * The active member whose turn it is (lowest turn, then e-mail), moved to the back of the rotation; undefined
 * when the team has nobody active. The active members' rows are locked in e-mail order on PostgreSQL, so
 * concurrent assignments take turns one after the other, each reading the turns the previous one left.
 */
export function* nextInRotation(dialect: DialectName, projectId: string): SqlWork<string | undefined> {
  const { rows } = yield* query<{ email: string; turn: number }>(
    `SELECT email, turn FROM team_members WHERE project_id = ? AND active = 1 ORDER BY email${lockRows(dialect)}`,
    [projectId],
  )
  let chosen: { email: string; turn: number } | undefined
  let last = 0
  for (const row of rows) {
    const turn = Number(row.turn)
    if (chosen === undefined || turn < chosen.turn) chosen = { email: row.email, turn }
    last = Math.max(last, turn)
  }
  if (chosen === undefined) return undefined
  yield* query('UPDATE team_members SET turn = ? WHERE project_id = ? AND email = ?', [
    last + 1,
    projectId,
    chosen.email,
  ])
  return chosen.email
}
