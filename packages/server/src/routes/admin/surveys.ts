import {
  type TSurveyDefinition,
  type TSurveyStatus,
  type TSurveyUpdate,
  ZSurveyCreate,
  ZSurveyDefinition,
  ZSurveyStatus,
  ZSurveyUpdate,
} from '@heed/shared/schemas/survey'
import { SURVEY_KINDS } from '@heed/shared/scores/scales'
import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { conflictOn, notFound } from '../../errors'
import { limitBody } from '../../http/body-limit'
import { parseWith, readBody } from '../../http/read-body'
import { createSurvey, editSurvey, findSurvey, listSurveys, type SurveyRecord } from '../../store/surveys'

export interface AdminSurveyOptions {
  database: HeedDatabase
  now: () => number
}

/** Far above the largest valid definition (every text in 50 locales), far below what would hurt the server. */
const MAX_BODY_BYTES = 1024 * 1024

const limitedBody = limitBody(MAX_BODY_BYTES)

export const ZSurveyListQuery = z.strictObject({
  status: ZSurveyStatus.optional(),
  kind: z.enum(SURVEY_KINDS).optional(),
})

/**
 * The statuses each status may move to. Archived is final: the survey keeps its responses and scores but
 * never asks again. A draft has never run, so there is nothing to pause; a survey that ran can't become a
 * draft again.
 */
const NEXT_STATUSES: Record<TSurveyStatus, readonly TSurveyStatus[]> = {
  draft: ['draft', 'active', 'archived'],
  active: ['active', 'paused', 'archived'],
  paused: ['paused', 'active', 'archived'],
  archived: ['archived'],
}

/** `POST /surveys/:id/<action>` moves the survey to the status. */
const STATUS_ACTIONS = { pause: 'paused', activate: 'active', archive: 'archived' } as const

function requireStatusChange(from: TSurveyStatus, to: TSurveyStatus): void {
  if (NEXT_STATUSES[from].includes(to)) return
  const message =
    from === 'archived'
      ? 'an archived survey stays archived; create a new survey to ask again'
      : `a ${from} survey cannot become ${to}`
  throw conflictOn('status', message)
}

const KIND_LOCKED = 'cannot change once the survey has responses: their scores are on the old scale'

/** A survey as the admin API shows it: its definition with its id and times. */
function surveyJson({ id, definition, createdAt, updatedAt }: SurveyRecord) {
  return {
    id,
    ...definition,
    createdAt: new Date(createdAt).toISOString(),
    updatedAt: new Date(updatedAt).toISOString(),
  }
}

/** The update's fields over the stored ones; a `null` removes an optional text. The caller validates it. */
function mergeUpdate(definition: TSurveyDefinition, update: TSurveyUpdate): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...definition }
  for (const [field, value] of Object.entries(update)) {
    if (value === null) delete merged[field]
    else if (value !== undefined) merged[field] = value
  }
  return merged
}

/** Surveys of the caller's project: create, list, read, change, and move through their statuses. */
export function adminSurveyRoutes({ database, now }: AdminSurveyOptions) {
  const app = new Hono<AppEnv>()

  app.post('/', limitedBody, async (c) => {
    const definition = readBody(c, ZSurveyCreate)
    const survey = await createSurvey(database, c.get('project').id, definition, now())
    return c.json({ survey: surveyJson(survey) }, 201)
  })

  app.get('/', async (c) => {
    const filter = parseWith(ZSurveyListQuery, c.req.query(), 'invalid_query')
    const surveys = await listSurveys(database, c.get('project').id, filter)
    return c.json({ surveys: surveys.map(surveyJson) })
  })

  app.get('/:id', async (c) => {
    const survey = await findSurvey(database, c.get('project').id, c.req.param('id'))
    if (!survey) throw notFound('survey')
    return c.json({ survey: surveyJson(survey) })
  })

  app.patch('/:id', limitedBody, async (c) => {
    const update = readBody(c, ZSurveyUpdate)
    const survey = await editSurvey(
      database,
      c.get('project').id,
      c.req.param('id'),
      async ({ survey: { definition }, hasResponses }) => {
        const changed = parseWith(ZSurveyDefinition, mergeUpdate(definition, update), 'invalid_body')
        requireStatusChange(definition.status, changed.status)
        if (changed.kind !== definition.kind && (await hasResponses())) {
          throw conflictOn('kind', KIND_LOCKED)
        }
        return changed
      },
      now(),
    )
    if (!survey) throw notFound('survey')
    return c.json({ survey: surveyJson(survey) })
  })

  for (const [action, status] of Object.entries(STATUS_ACTIONS)) {
    app.post(`/:id/${action}`, async (c) => {
      const survey = await editSurvey(
        database,
        c.get('project').id,
        c.req.param('id'),
        async ({ survey: { definition } }) => {
          requireStatusChange(definition.status, status)
          // Repeating a transition changes nothing, so a retried request is harmless.
          return definition.status === status ? undefined : { ...definition, status }
        },
        now(),
      )
      if (!survey) throw notFound('survey')
      return c.json({ survey: surveyJson(survey) })
    })
  }

  return app
}
