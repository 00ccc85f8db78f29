import type { HeedDatabase } from '../db/open'
import { query } from '../db/work'
import { defineWrite } from '../db/write'
import { resolvePerson } from './people'
import { addToRollup } from './rollups'

export interface DisplayInput {
  id: string
  surveyId: string
  anonymousId: string
  userId?: string
  event: 'shown' | 'dismissed'
  url?: string
  at: number
}

const INSERT_DISPLAY = `INSERT INTO displays (project_id, id, survey_id, anonymous_id, person_id, url, dismissed_at, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, id) DO NOTHING`

const DISMISS = `UPDATE displays SET dismissed_at = ? WHERE project_id = ? AND id = ? AND survey_id = ?
AND dismissed_at IS NULL`

/**
 * A display is shown once and dismissed at most once, whatever order and however often the messages
 * arrive (a dismissal that overtakes its "shown" also counts as shown).
 */
export function recordDisplay(
  database: HeedDatabase,
  projectId: string,
  input: DisplayInput,
): Promise<'created' | 'updated' | 'unchanged'> {
  return database.write(RECORD_DISPLAY, projectId, input)
}

export const RECORD_DISPLAY = defineWrite(
  'recordDisplay',
  function* (_dialect, projectId: string, input: DisplayInput) {
    const personId = input.userId ?? (yield* resolvePerson(projectId, input.anonymousId))
    const dismissedAt = input.event === 'dismissed' ? input.at : null
    const inserted = yield* query(INSERT_DISPLAY, [
      projectId,
      input.id,
      input.surveyId,
      input.anonymousId,
      personId ?? null,
      input.url ?? null,
      dismissedAt,
      input.at,
    ])
    if (inserted.changes === 1) {
      yield* addToRollup(projectId, input.surveyId, input.at, {
        shown: 1,
        dismissed: dismissedAt === null ? 0 : 1,
      })
      return 'created'
    }
    if (input.event !== 'dismissed') return 'unchanged'
    const dismissed = yield* query(DISMISS, [input.at, projectId, input.id, input.surveyId])
    if (dismissed.changes === 0) return 'unchanged'
    const { rows } = yield* query<{ created_at: number }>(
      'SELECT created_at FROM displays WHERE project_id = ? AND id = ?',
      [projectId, input.id],
    )
    yield* addToRollup(projectId, input.surveyId, Number(rows[0]?.created_at ?? input.at), { dismissed: 1 })
    return 'updated' as const
  },
)
