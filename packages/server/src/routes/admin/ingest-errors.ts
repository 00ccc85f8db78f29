import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { readQuery } from '../../http/read-query'
import { KEPT_INGEST_ERRORS, latestIngestErrors } from '../../store/ingest-errors'

export const ZIngestErrorQuery = z.strictObject({
  limit: z
    .string()
    .regex(/^[0-9]+$/, `must be a whole number from 1 to ${KEPT_INGEST_ERRORS}`)
    .transform(Number)
    .pipe(z.int().min(1).max(KEPT_INGEST_ERRORS))
    .default(100),
})

/**
 * The latest messages refused by the ingest and Segment routes while the rest of their request was stored:
 * which route, which message of the batch, the field at fault and why.
 */
export function adminIngestErrorRoutes({ database }: { database: HeedDatabase }): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/errors', async (c) => {
    const { limit } = readQuery(c.req.queries(), ZIngestErrorQuery)
    const errors = await latestIngestErrors(database, c.get('project').id, limit)
    return c.json({
      errors: errors.map((error) => ({ ...error, receivedAt: new Date(error.receivedAt).toISOString() })),
    })
  })
  return app
}
