import type { HeedDatabase } from '../db/open'
import { query } from '../db/work'
import { eraseCasesOfResponses } from './cases'
import { eraseTagsOfResponses } from './comment-tags'
import { parseJsonObject } from './json'
import { lockRows } from './people'
import { addToRollup, SLOT_MS, slotOf } from './rollups'
import { addToSegmentRollups } from './segments/rollups'
import { eraseWebhookEventsOf } from './webhook-outbox'

export interface ErasedCounts {
  responses: number
  displays: number
  events: number
}

/** What one survey's slot loses, summed so each slot is written once however many rows it loses. */
interface SlotLoss {
  surveyId: string
  /** The slot's start, which `addToRollup` maps back to the slot. */
  time: number
  delta: { shown: number; dismissed: number; scores: Record<number, number> }
}

/**
 * Erases a person (GDPR) in one transaction: the person row, their aliases, and every response, display
 * and event made by them, that is with their person id or sent by one of their browsers with no person.
 * The rollups lose exactly what the deleted rows had added, so scores and response rates stay true.
 * Returns undefined when nothing at all was known about the id. A person id seen only on answers
 * (sent with a userId but never identified) has no person row and is still erased.
 */
export function erasePerson(
  database: HeedDatabase,
  projectId: string,
  personId: string,
): Promise<ErasedCounts | undefined> {
  return database.transact(function* (dialect) {
    const person = yield* query(
      `SELECT id FROM persons WHERE project_id = ? AND id = ?${lockRows(dialect)}`,
      [projectId, personId],
    )
    const { rows: aliases } = yield* query<{ anonymous_id: string }>(
      `SELECT anonymous_id FROM person_aliases WHERE project_id = ? AND person_id = ?${lockRows(dialect)}`,
      [projectId, personId],
    )
    const anonymousIds = aliases.map((alias) => alias.anonymous_id)
    // Everything made by them, and what their browsers sent before anyone signed in. A row someone else
    // made signed in on one of their browsers is that person's, and stays. Two statements rather than an
    // OR, so that each uses its own index.
    function* deleteMadeBy<Row>(table: 'responses' | 'displays' | 'events', returning: string) {
      const byPerson = yield* query<Row>(
        `DELETE FROM ${table} WHERE project_id = ? AND person_id = ?${returning}`,
        [projectId, personId],
      )
      if (anonymousIds.length === 0) return byPerson
      const byBrowser = yield* query<Row>(
        `DELETE FROM ${table} WHERE project_id = ? AND anonymous_id IN (${anonymousIds
          .map(() => '?')
          .join(', ')}) AND person_id IS NULL${returning}`,
        [projectId, ...anonymousIds],
      )
      return { rows: [...byPerson.rows, ...byBrowser.rows], changes: byPerson.changes + byBrowser.changes }
    }

    // The deleted rows themselves say what to take off the rollups: a row committed by a concurrent write
    // after a separate SELECT would otherwise be deleted without being subtracted.
    const { rows: responses } = yield* deleteMadeBy<{
      id: string
      survey_id: string
      score: number | null
      traits: string
      created_at: number
    }>('responses', ' RETURNING id, survey_id, score, traits, created_at')
    yield* eraseCasesOfResponses(
      projectId,
      responses.map((response) => response.id),
    )
    yield* eraseTagsOfResponses(
      projectId,
      responses.map((response) => response.id),
    )
    yield* eraseWebhookEventsOf(
      projectId,
      responses.map((response) => response.id),
    )
    const { rows: displays } = yield* deleteMadeBy<{
      survey_id: string
      dismissed_at: number | null
      created_at: number
    }>('displays', ' RETURNING survey_id, dismissed_at, created_at')
    const events = yield* deleteMadeBy('events', '')

    const losses = new Map<string, SlotLoss>()
    const lossAt = (surveyId: string, createdAt: number) => {
      const slot = slotOf(createdAt)
      const key = `${surveyId}\n${slot}`
      let loss = losses.get(key)
      if (!loss) {
        loss = { surveyId, time: slot * SLOT_MS, delta: { shown: 0, dismissed: 0, scores: {} } }
        losses.set(key, loss)
      }
      return loss.delta
    }
    for (const { survey_id, score, created_at } of responses) {
      if (score === null) continue
      const { scores } = lossAt(survey_id, created_at)
      scores[score] = (scores[score] ?? 0) - 1
    }
    for (const { survey_id, dismissed_at, created_at } of displays) {
      const delta = lossAt(survey_id, created_at)
      delta.shown -= 1
      if (dismissed_at !== null) delta.dismissed -= 1
    }
    for (const { surveyId, time, delta } of losses.values())
      yield* addToRollup(projectId, surveyId, time, delta)
    // Segment rollups by answer: a person's answers are few, and each may carry other trait values.
    for (const { survey_id, score, traits, created_at } of responses) {
      if (score === null) continue
      yield* addToSegmentRollups(dialect, projectId, survey_id, Number(created_at), parseJsonObject(traits), {
        [score]: -1,
      })
    }
    yield* query('DELETE FROM person_aliases WHERE project_id = ? AND person_id = ?', [projectId, personId])
    yield* query('DELETE FROM persons WHERE project_id = ? AND id = ?', [projectId, personId])

    const erased = { responses: responses.length, displays: displays.length, events: events.changes }
    const known = person.rows.length > 0 || anonymousIds.length > 0
    return known || erased.responses + erased.displays + erased.events > 0 ? erased : undefined
  })
}
