import { LIMITS } from '@heed/shared/schemas/limits'
import { Hono, type MiddlewareHandler } from 'hono'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { ApiError } from '../../errors'
import { limitBody } from '../../http/body-limit'
import { nestsDeeperThan } from '../../http/json-depth'
import { parseWith, readJson } from '../../http/read-body'
import { requestHeader } from '../../http/request-header'
import { setResponseHeader } from '../../http/response-header'
import { TtlCache } from '../../http/ttl-cache'
import { originAllowed, publicKeyAuth } from '../../middleware/public-key'
import { rateLimit } from '../../middleware/rate-limit'
import { recordEvents } from '../../store/events'
import { recordIngestErrors } from '../../store/ingest-errors'
import { identify, identifyAnonymous } from '../../store/people'
import { findProjectByPublicKey, type ProjectRecord } from '../../store/projects'
import {
  MESSAGE_BYTES,
  type MessageRefusal,
  parseMessage,
  SEGMENT_TYPES,
  type SegmentWrites,
  singleMessage,
  type TSegmentMessage,
  toHeedWrites,
  ZSegmentBatch,
} from './messages'

export interface SegmentOptions {
  database: HeedDatabase
  /** Requests per second per write key (the project's public key). */
  ratePerSecond: number
  now: () => number
}

/** A batch request may be at most 500 KB once decompressed, as on Segment. */
const BATCH_BYTES = 500 * 1024

/** What every route answers: Segment's `{ success: true }`, and the messages refused, by index. */
const answer = (refused: MessageRefusal[]) => ({ success: true as const, refused })

/**
 * Segment's HTTP Tracking API (`/v1/batch` and one route per call type), so that Segment's and RudderStack's
 * server-side libraries and existing pipelines send usage data to Heed by changing their host. The write
 * key is the project's public key. Bodies may be gzip or deflate compressed and labelled with any content
 * type (RudderStack's library says `application/x-www-form-urlencoded`). A batch keeps its valid messages:
 * those refused are listed in the 200 answer and kept for `GET /admin/v1/ingest/errors`.
 */
export function segmentRoutes({ database, ratePerSecond, now }: SegmentOptions) {
  const app = new Hono<AppEnv>()
  // Sizes are checked before authentication, which may read the body for its write key.
  app.use('/batch', limitBody(BATCH_BYTES))
  app.use(`/:call{${SEGMENT_TYPES.join('|')}}`, limitBody(MESSAGE_BYTES))
  app.use('*', writeKeyAuth(database))
  app.use(
    '*',
    rateLimit((project) => project.publicKey, { perSecond: ratePerSecond }),
  )

  app.post('/batch', async (c) => {
    const { batch, context, sentAt } = parseWith(
      ZSegmentBatch,
      readJson(c, { anyContentType: true }),
      'invalid_body',
    )
    const receivedAt = now()
    const messages: TSegmentMessage[] = []
    const refused: MessageRefusal[] = []
    batch.forEach((value, index) => {
      const parsed = parseMessage(value, index)
      if ('message' in parsed) messages.push(parsed.message)
      else refused.push(parsed.refusal)
    })
    const projectId = c.get('project').id
    await store(database, projectId, toHeedWrites(messages, receivedAt, { context, sentAt }), receivedAt)
    await recordIngestErrors(
      database,
      projectId,
      refused.map((refusal) => ({ route: '/v1/batch', ...refusal })),
      receivedAt,
    )
    return c.json(answer(refused))
  })

  for (const type of SEGMENT_TYPES) {
    const schema = singleMessage(type)
    app.post(`/${type}`, async (c) => {
      const json = readJson(c, { anyContentType: true })
      const receivedAt = now()
      const projectId = c.get('project').id
      let message: TSegmentMessage
      try {
        message = parseWith(schema, json, 'invalid_body')
      } catch (error) {
        // A single message refused is the whole request refused, and kept for admins like a batch's.
        if (error instanceof ApiError) {
          const issue = error.issues[0]
          await recordIngestErrors(
            database,
            projectId,
            [
              {
                route: `/v1/${type}`,
                type,
                field: issue?.field ?? 'message',
                reason: issue?.message ?? error.message,
              },
            ],
            receivedAt,
          )
        }
        throw error
      }
      await store(database, projectId, toHeedWrites([message], receivedAt), receivedAt)
      return c.json(answer([]))
    })
  }

  return app
}

/**
 * Events first, in transactions of at most 100 (one INSERT each), then identifies, groups and aliases, one
 * transaction each, in the order sent; identify gives events stored just before it their person. A failure
 * part way leaves earlier parts stored, and the client's retry completes the rest without duplicates:
 * events are deduplicated by id and trait merges are idempotent.
 */
async function store(
  database: HeedDatabase,
  projectId: string,
  writes: SegmentWrites,
  receivedAt: number,
): Promise<void> {
  for (let start = 0; start < writes.events.length; start += LIMITS.eventBatch) {
    await recordEvents(database, projectId, writes.events.slice(start, start + LIMITS.eventBatch), receivedAt)
  }
  for (const person of writes.people) {
    if ('known' in person) await identify(database, projectId, person.known)
    else await identifyAnonymous(database, projectId, person.anonymous)
  }
}

/**
 * Segment libraries send the write key as the Basic-auth user name, which `publicKeyAuth` reads (CORS
 * included). Segment also accepts it as `writeKey` in the JSON body: without an Authorization header the
 * body is read for it, and the project's allowed origins apply just the same.
 */
function writeKeyAuth(database: HeedDatabase): MiddlewareHandler<AppEnv> {
  const fromHeader = publicKeyAuth(database)
  const projects = new TtlCache<string, ProjectRecord | undefined>(5_000)
  return async function writeKey(c, next) {
    if (c.req.method !== 'POST' || requestHeader(c, 'authorization') || c.req.query('key')) {
      return fromHeader(c, next)
    }
    const key = writeKeyIn(c.get('bodyText'))
    if (!key) {
      throw new ApiError(
        401,
        'unauthorized',
        'send the write key as the Basic-auth user name or as "writeKey" in the body',
      )
    }
    const project = await projects.get(key, (k) => findProjectByPublicKey(database, k))
    if (!project) throw new ApiError(401, 'unauthorized', 'unknown write key')
    const origin = requestHeader(c, 'origin')
    if (origin) {
      if (!originAllowed(project, origin)) {
        throw new ApiError(403, 'origin_not_allowed', `origin ${origin} is not allowed for this project`)
      }
      setResponseHeader(c, 'Access-Control-Allow-Origin', origin)
      setResponseHeader(c, 'Vary', 'Origin')
    }
    c.set('project', project)
    await next()
  }
}

/** The body's `writeKey`; a body that is not a JSON object has none, so it is refused as unauthenticated. */
function writeKeyIn(text: string): string | undefined {
  // Too deep a body is refused as unauthenticated before anything parses it.
  if (nestsDeeperThan(text)) return undefined
  try {
    const body: unknown = JSON.parse(text)
    if (typeof body !== 'object' || body === null || !('writeKey' in body)) return undefined
    return typeof body.writeKey === 'string' && body.writeKey !== '' ? body.writeKey : undefined
  } catch {
    return undefined
  }
}
