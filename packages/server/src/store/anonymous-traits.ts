import { query, type SqlWork } from '../db/work'
import { parseJsonObject } from './json'

// Segment lets `identify` and `group` name someone by an anonymous id alone. Their traits and account wait
// here, keyed by that id, until an identify (or alias) links the id to a person, who then takes them over.

const ENSURE = `INSERT INTO anonymous_traits (project_id, anonymous_id, traits, account_id, updated_at)
VALUES (?, ?, '{}', NULL, ?) ON CONFLICT (project_id, anonymous_id) DO NOTHING`
const SELECT = 'SELECT traits, account_id FROM anonymous_traits WHERE project_id = ? AND anonymous_id = ?'
const UPDATE = `UPDATE anonymous_traits SET traits = ?, account_id = ?, updated_at = ?
WHERE project_id = ? AND anonymous_id = ?`
const DELETE = 'DELETE FROM anonymous_traits WHERE project_id = ? AND anonymous_id = ?'

/** Merges traits key by key into what an anonymous id has waiting (later calls win) and sets its account. */
export function* keepAnonymousTraits(
  projectId: string,
  anonymousId: string,
  traits: Record<string, unknown> | undefined,
  accountId: string | undefined,
  at: number,
): SqlWork<void> {
  yield* query(ENSURE, [projectId, anonymousId, at])
  const { rows } = yield* query<{ traits: string; account_id: string | null }>(SELECT, [
    projectId,
    anonymousId,
  ])
  const current = rows[0]
  yield* query(UPDATE, [
    JSON.stringify({ ...parseJsonObject(current?.traits), ...traits }),
    accountId ?? current?.account_id ?? null,
    at,
    projectId,
    anonymousId,
  ])
}

/** Takes what an anonymous id has waiting, removing it: the person it was identified as holds it now. */
export function* takeAnonymousTraits(
  projectId: string,
  anonymousId: string,
): SqlWork<{ traits: Record<string, unknown>; accountId: string | undefined } | undefined> {
  const { rows } = yield* query<{ traits: string; account_id: string | null }>(SELECT, [
    projectId,
    anonymousId,
  ])
  const row = rows[0]
  if (!row) return undefined
  yield* query(DELETE, [projectId, anonymousId])
  return { traits: parseJsonObject(row.traits), accountId: row.account_id ?? undefined }
}
