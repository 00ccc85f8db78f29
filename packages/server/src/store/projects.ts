import type { Selectable } from 'kysely'
import type { HeedDatabase } from '../db/open'
import type { ProjectTable, SecretKeyTable } from '../db/schema'
import { query } from '../db/work'
import { hashKey, newId, newPublicKey, newSecretKey } from './ids'
import { parseJsonArray } from './json'
import { rebuildMonthTotals } from './revenue/month-totals'
import { restartZoneWork } from './usage/zone'

export interface ProjectRecord {
  id: string
  name: string
  publicKey: string
  allowedOrigins: string[]
  recontactDays: number
  honorDoNotTrack: boolean
  timeZone: string
  /** Hours a detractor's follow-up case has before it is overdue. */
  followUpSlaHours: number
  createdAt: number
}

export interface ProjectSettings {
  name?: string
  allowedOrigins?: string[]
  recontactDays?: number
  honorDoNotTrack?: boolean
  timeZone?: string
  followUpSlaHours?: number
}

export interface SecretKeyRecord {
  id: string
  label: string
  hint: string
  createdAt: number
  revokedAt: number | null
}

const toKeyRecord = (
  row: Pick<Selectable<SecretKeyTable>, 'id' | 'label' | 'key_hint' | 'created_at' | 'revoked_at'>,
): SecretKeyRecord => ({
  id: row.id,
  label: row.label,
  hint: row.key_hint,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
})

const toRecord = (row: Selectable<ProjectTable>): ProjectRecord => ({
  id: row.id,
  name: row.name,
  publicKey: row.public_key,
  allowedOrigins: parseJsonArray(row.allowed_origins).filter((o): o is string => typeof o === 'string'),
  recontactDays: row.recontact_days,
  honorDoNotTrack: row.honor_do_not_track === 1,
  timeZone: row.time_zone,
  followUpSlaHours: row.follow_up_sla_hours,
  createdAt: row.created_at,
})

/** Creates a project and its first secret key. The secret key is returned once and stored only hashed. */
export async function createProject(
  database: HeedDatabase,
  settings: ProjectSettings & { name: string },
  now = Date.now(),
): Promise<{ project: ProjectRecord; secretKey: string }> {
  const id = newId('prj')
  return database.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('projects')
      .values({
        id,
        name: settings.name,
        public_key: newPublicKey(),
        allowed_origins: JSON.stringify(settings.allowedOrigins ?? []),
        recontact_days: settings.recontactDays ?? 30,
        honor_do_not_track: settings.honorDoNotTrack ? 1 : 0,
        time_zone: settings.timeZone ?? 'UTC',
        ...(settings.followUpSlaHours !== undefined && { follow_up_sla_hours: settings.followUpSlaHours }),
        created_at: now,
      })
      .execute()
    const secretKey = newSecretKey()
    await trx
      .insertInto('secret_keys')
      .values(secretKeyRow(id, secretKey, 'default', now))
      .execute()
    const row = await trx.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    return { project: toRecord(row), secretKey }
  })
}

const secretKeyRow = (projectId: string, key: string, label: string, now: number) => ({
  id: newId('key'),
  project_id: projectId,
  key_hash: hashKey(key),
  key_hint: key.slice(-4),
  label,
  created_at: now,
  revoked_at: null,
})

export async function updateProject(
  database: HeedDatabase,
  projectId: string,
  settings: ProjectSettings,
): Promise<ProjectRecord | undefined> {
  const changes = {
    ...(settings.name !== undefined && { name: settings.name }),
    ...(settings.allowedOrigins !== undefined && {
      allowed_origins: JSON.stringify(settings.allowedOrigins),
    }),
    ...(settings.recontactDays !== undefined && { recontact_days: settings.recontactDays }),
    ...(settings.honorDoNotTrack !== undefined && { honor_do_not_track: settings.honorDoNotTrack ? 1 : 0 }),
    ...(settings.followUpSlaHours !== undefined && { follow_up_sla_hours: settings.followUpSlaHours }),
  }
  if (Object.keys(changes).length > 0) {
    await database.db.updateTable('projects').set(changes).where('id', '=', projectId).execute()
  }
  const { timeZone } = settings
  if (timeZone !== undefined) {
    // Revenue month totals and the usage zone rollups are kept in the project's time zone: a new zone has
    // other months and days.
    await database.transact(function* (dialect) {
      const updated = yield* query('UPDATE projects SET time_zone = ? WHERE id = ? AND time_zone <> ?', [
        timeZone,
        projectId,
        timeZone,
      ])
      if (updated.changes > 0) {
        yield* rebuildMonthTotals(projectId)
        yield* restartZoneWork(dialect, projectId, timeZone)
      }
    })
  }
  return findProject(database, projectId)
}

export async function findProject(database: HeedDatabase, id: string): Promise<ProjectRecord | undefined> {
  const row = await database.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst()
  return row && toRecord(row)
}

export async function listProjects(database: HeedDatabase): Promise<ProjectRecord[]> {
  const rows = await database.db.selectFrom('projects').selectAll().orderBy('created_at').execute()
  return rows.map(toRecord)
}

export async function findProjectByPublicKey(
  database: HeedDatabase,
  publicKey: string,
): Promise<ProjectRecord | undefined> {
  const row = await database.db
    .selectFrom('projects')
    .selectAll()
    .where('public_key', '=', publicKey)
    .executeTakeFirst()
  return row && toRecord(row)
}

export async function findProjectBySecretKey(
  database: HeedDatabase,
  secretKey: string,
): Promise<ProjectRecord | undefined> {
  const row = await database.db
    .selectFrom('secret_keys')
    .innerJoin('projects', 'projects.id', 'secret_keys.project_id')
    .selectAll('projects')
    .where('secret_keys.key_hash', '=', hashKey(secretKey))
    .where('secret_keys.revoked_at', 'is', null)
    .executeTakeFirst()
  return row && toRecord(row)
}

export async function createSecretKey(
  database: HeedDatabase,
  projectId: string,
  label: string,
  now = Date.now(),
): Promise<{ key: SecretKeyRecord; secretKey: string }> {
  const secretKey = newSecretKey()
  const row = secretKeyRow(projectId, secretKey, label, now)
  await database.db.insertInto('secret_keys').values(row).execute()
  return {
    key: { id: row.id, label, hint: row.key_hint, createdAt: now, revokedAt: null },
    secretKey,
  }
}

export async function listSecretKeys(database: HeedDatabase, projectId: string): Promise<SecretKeyRecord[]> {
  const rows = await database.db
    .selectFrom('secret_keys')
    .select(['id', 'label', 'key_hint', 'created_at', 'revoked_at'])
    .where('project_id', '=', projectId)
    .orderBy('created_at')
    .execute()
  return rows.map(toKeyRecord)
}

/** A new public key; the old one stops working at once (widgets pick the new one up on their next load). */
export async function rotatePublicKey(database: HeedDatabase, projectId: string): Promise<string> {
  const publicKey = newPublicKey()
  await database.db
    .updateTable('projects')
    .set({ public_key: publicKey })
    .where('id', '=', projectId)
    .execute()
  return publicKey
}

export type RevokeOutcome =
  | { outcome: 'revoked' | 'already-revoked' | 'last-active-key'; key: SecretKeyRecord }
  | { outcome: 'not-found' }

/**
 * Revokes a secret key of the project unless it is the project's last active one: without a key nobody
 * could call the admin API for the project again. The project row is locked (PostgreSQL) while the active
 * keys are counted, so two revocations at once can't each leave the other's key as the last and revoke both.
 */
export async function revokeSecretKeyUnlessLast(
  database: HeedDatabase,
  projectId: string,
  keyId: string,
  now = Date.now(),
): Promise<RevokeOutcome> {
  return database.db.transaction().execute(async (trx) => {
    const project = trx.selectFrom('projects').select('id').where('id', '=', projectId)
    await (database.dialect === 'postgres' ? project.forUpdate() : project).execute()
    const row = await trx
      .selectFrom('secret_keys')
      .select(['id', 'label', 'key_hint', 'created_at', 'revoked_at'])
      .where('project_id', '=', projectId)
      .where('id', '=', keyId)
      .executeTakeFirst()
    if (!row) return { outcome: 'not-found' }
    const key = toKeyRecord(row)
    if (key.revokedAt !== null) return { outcome: 'already-revoked', key }
    const others = await trx
      .selectFrom('secret_keys')
      .select('id')
      .where('project_id', '=', projectId)
      .where('revoked_at', 'is', null)
      .where('id', '!=', keyId)
      .limit(1)
      .executeTakeFirst()
    if (!others) return { outcome: 'last-active-key', key }
    await trx
      .updateTable('secret_keys')
      .set({ revoked_at: now })
      .where('project_id', '=', projectId)
      .where('id', '=', keyId)
      .execute()
    return { outcome: 'revoked', key: { ...key, revokedAt: now } }
  })
}
