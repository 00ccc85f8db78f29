import { createHash } from 'node:crypto'
import {
  type TEvent,
  ZDisplayPayload,
  ZEvent,
  ZIdentifyPayload,
  ZResponsePayload,
} from '@heed/shared/schemas/ingest'
import {
  fastDisplayPayload,
  fastEventBatch,
  fastResponsePayload,
} from '@heed/shared/schemas/ingest-fast-path'
import { LIMITS } from '@heed/shared/schemas/limits'
import { isValidScore, SCALES, type SurveyKind } from '@heed/shared/scores/scales'
import type { Theme } from '@heed/shared/text/themes'
import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { ApiError, conflictOn, invalidField } from '../../errors'
import { preferredCoding } from '../../http/accept-encoding'
import { limitBody } from '../../http/body-limit'
import { clientTime } from '../../http/client-time'
import { compressedBodies } from '../../http/compressed-body'
import { matchesIfNoneMatch } from '../../http/if-none-match'
import { parseWith, readBody, readJson } from '../../http/read-body'
import { requestHeader } from '../../http/request-header'
import { setResponseHeader } from '../../http/response-header'
import { TtlCache } from '../../http/ttl-cache'
import { publicKeyAuth } from '../../middleware/public-key'
import { rateLimit } from '../../middleware/rate-limit'
import { recordDisplay } from '../../store/displays'
import { type EventInput, recordEvents } from '../../store/events'
import { type IngestRefusal, recordIngestErrors } from '../../store/ingest-errors'
import { identify } from '../../store/people'
import { ResponseIdConflict, recordResponse } from '../../store/responses'
import { findSurvey, liveSurveys } from '../../store/surveys'
import { loadTaxonomy } from '../../store/taxonomy'

export interface IngestOptions {
  database: HeedDatabase
  /** Requests per second per public key. */
  ratePerSecond: number
  now: () => number
}

const SMALL_BODY = 64 * 1024
const BATCH_BODY = 1024 * 1024

/** The public API the widget and customers' servers call with a project's public key. */
export function ingestRoutes({ database, ratePerSecond, now }: IngestOptions) {
  const surveyKinds = new TtlCache<string, SurveyKind | undefined>(5_000)
  const kindOf = (projectId: string, surveyId: string) =>
    surveyKinds.get(`${projectId}\n${surveyId}`, async () => {
      const survey = await findSurvey(database, projectId, surveyId)
      return survey?.definition.kind
    })
  // Changes to a project's own themes reach comments within 5 s; the re-tag they start covers the rest.
  const taxonomies = new TtlCache<string, Theme[]>(5_000)
  const taxonomyOf = (projectId: string) => taxonomies.get(projectId, () => loadTaxonomy(database, projectId))
  const requireSurvey = async (projectId: string, surveyId: string) => {
    const kind = await kindOf(projectId, surveyId)
    if (!kind)
      throw new ApiError(422, 'unknown_survey', 'surveyId: no such survey in this project', [
        { field: 'surveyId', message: 'no such survey in this project' },
      ])
    return kind
  }

  // The config is most of what a page without a survey downloads: compressed, it is under half.
  const configBodies = compressedBodies()

  const app = new Hono<AppEnv>()
  app.use('*', publicKeyAuth(database))
  app.use(
    '*',
    rateLimit((project) => project.publicKey, { perSecond: ratePerSecond }),
  )

  app.get('/config', async (c) => {
    const project = c.get('project')
    const surveys = await liveSurveys(database, project.id, now())
    const body = JSON.stringify({
      project: { recontactDays: project.recontactDays, honorDoNotTrack: project.honorDoNotTrack },
      surveys: surveys.map(({ id, definition }) => {
        const { name: _name, status: _status, schedule: _schedule, ...shown } = definition
        return { id, ...shown }
      }),
    })
    // Weak: the brotli, gzip and plain bytes of one answer share it, and any satisfies a revalidation.
    const etag = `W/"${createHash('sha1').update(body).digest('base64url')}"`
    c.header('ETag', etag)
    c.header('Cache-Control', 'public, max-age=60, stale-while-revalidate=600')
    // Set like the CORS headers the key check set, which it replaces.
    setResponseHeader(c, 'Vary', requestHeader(c, 'origin') ? 'Origin, Accept-Encoding' : 'Accept-Encoding')
    if (matchesIfNoneMatch(c.req.header('if-none-match'), etag)) return c.body(null, 304)
    const answer = await configBodies(etag, body, preferredCoding(requestHeader(c, 'accept-encoding')))
    if (answer.coding !== 'identity') c.header('Content-Encoding', answer.coding)
    c.header('Content-Type', 'application/json; charset=utf-8')
    return c.body(answer.body)
  })

  app.post('/displays', limitBody(SMALL_BODY), async (c) => {
    const payload = readBody(c, ZDisplayPayload, fastDisplayPayload)
    const project = c.get('project')
    await requireSurvey(project.id, payload.surveyId)
    const outcome = await recordDisplay(database, project.id, {
      id: payload.id,
      surveyId: payload.surveyId,
      anonymousId: payload.anonymousId,
      userId: payload.userId,
      event: payload.event,
      url: payload.url,
      at: clientTime(payload.timestamp, now()),
    })
    return c.json({ ok: true, outcome }, outcome === 'created' ? 201 : 200)
  })

  app.post('/responses', limitBody(SMALL_BODY), async (c) => {
    const payload = readBody(c, ZResponsePayload, fastResponsePayload)
    const project = c.get('project')
    const kind = await requireSurvey(project.id, payload.surveyId)
    if (payload.score !== undefined && !isValidScore(kind, payload.score)) {
      const { min, max } = SCALES[kind]
      throw invalidField(
        'score',
        `must be an integer from ${min} to ${max} for a ${kind} survey`,
        'invalid_score',
      )
    }
    try {
      // Field by field, like the events below: a spread copy of the payload cost 3.5 µs a request.
      const outcome = await recordResponse(database, project.id, {
        id: payload.id,
        surveyId: payload.surveyId,
        kind,
        displayId: payload.displayId,
        anonymousId: payload.anonymousId,
        userId: payload.userId,
        accountId: payload.accountId,
        score: payload.score,
        comment: payload.comment,
        locale: payload.locale,
        url: payload.url,
        traits: payload.traits,
        taxonomy: payload.comment === undefined ? undefined : await taxonomyOf(project.id),
        at: clientTime(payload.timestamp, now()),
      })
      return c.json({ ok: true, outcome }, outcome === 'created' ? 201 : 200)
    } catch (error) {
      if (error instanceof ResponseIdConflict) {
        throw conflictOn('id', error.message)
      }
      throw error
    }
  })

  app.post('/events', limitBody(BATCH_BODY), async (c) => {
    const json = readJson(c)
    const receivedAt = now()
    const projectId = c.get('project').id
    // The fast path takes a batch whose every event is valid; otherwise each event is judged on its own.
    const fast = fastEventBatch(json)
    const { events, refused } = fast ? { events: fast.events, refused: [] } : eventsOneByOne(json)
    const result = await recordEvents(
      database,
      projectId,
      events.map((event) => eventInput(event, clientTime(event.timestamp, receivedAt))),
      receivedAt,
    )
    await recordIngestErrors(database, projectId, refused, receivedAt)
    return c.json({
      ok: true,
      ...result,
      refused: refused.map(({ index, field, reason }) => ({ index, field, reason })),
    })
  })

  app.post('/identify', limitBody(SMALL_BODY), async (c) => {
    const payload = readBody(c, ZIdentifyPayload)
    await identify(database, c.get('project').id, { ...payload, at: clientTime(payload.timestamp, now()) })
    return c.json({ ok: true })
  })

  return app
}

/** The envelope of an event batch; its events are validated one by one, so one bad event costs only itself. */
export const ZEventEnvelope = z.object({ events: z.array(z.unknown()).min(1).max(LIMITS.eventBatch) })

function eventsOneByOne(json: unknown): { events: TEvent[]; refused: IngestRefusal[] } {
  const { events: values } = parseWith(ZEventEnvelope, json, 'invalid_body')
  const events: TEvent[] = []
  const refused: IngestRefusal[] = []
  values.forEach((value, index) => {
    const result = ZEvent.safeParse(value)
    if (result.success) {
      events.push(result.data)
      return
    }
    const issue = result.error.issues[0]
    const id = (value as { id?: unknown } | null)?.id
    refused.push({
      route: '/ingest/v1/events',
      index,
      messageId: typeof id === 'string' ? id.slice(0, LIMITS.id) : undefined,
      field: issue && issue.path.length > 0 ? issue.path.join('.') : 'event',
      reason: issue?.message ?? 'is not a valid event',
    })
  })
  return { events, refused }
}

// Field by field rather than `{ ...event, at }`: a spread copy of a hundred events cost a microsecond per
// event, and came out as objects slower to read, which packing them for the writer then did.
const eventInput = (event: TEvent, at: number): EventInput => ({
  id: event.id,
  type: event.type,
  name: event.name,
  anonymousId: event.anonymousId,
  userId: event.userId,
  accountId: event.accountId,
  sessionId: event.sessionId,
  properties: event.properties,
  url: event.url,
  at,
})
