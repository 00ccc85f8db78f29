import { SENTIMENT_LABELS } from '@heed/shared/text/sentiment'
import { ZThemeKey } from '@heed/shared/text/themes'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { invalidField, notFound } from '../../errors'
import { limitBody } from '../../http/body-limit'
import { readBody } from '../../http/read-body'
import { correctTags, findTags, type ResponseTags } from '../../store/comment-tags'
import { loadTaxonomy } from '../../store/taxonomy'
import { ACTOR_HEADER } from './cases'
import { ACTOR_RULE, ZActor } from './team'

const MAX_BODY_BYTES = 16 * 1024
const MAX_THEMES = 20

/** A person's correction of a response's tags: what they set wins over every later automatic tagging. */
export const ZTagCorrection = z
  .strictObject({
    sentiment: z.enum(SENTIMENT_LABELS).optional(),
    /** The themes the comment is about, replacing the automatic ones; [] says it is about none. */
    themes: z
      .array(ZThemeKey)
      .max(MAX_THEMES)
      .transform((keys) => [...new Set(keys)])
      .optional(),
    /** Who corrects; or the X-Heed-Actor header. */
    by: ZActor.optional(),
  })
  .refine((body) => body.sentiment !== undefined || body.themes !== undefined, {
    path: ['sentiment'],
    error: 'give sentiment, themes or both',
  })

const tagsJson = (tags: ResponseTags) => ({ ...tags, updatedAt: new Date(tags.updatedAt).toISOString() })

/** The signed-in person when the request has a session, else the body's `by`, else the X-Heed-Actor header. */
function actorOf(c: Context<AppEnv>, by: string | undefined): string {
  const user = c.get('user')
  if (user !== undefined) return user.email
  if (by !== undefined) return by
  const header = c.req.header(ACTOR_HEADER)
  if (header === undefined) {
    throw invalidField('by', `is required: say who corrects here or in the ${ACTOR_HEADER} header`)
  }
  const actor = ZActor.safeParse(header)
  if (!actor.success) throw invalidField(ACTOR_HEADER, ACTOR_RULE)
  return actor.data
}

/** A response's tags (language, sentiment, themes), and people's corrections of them. */
export function adminTagRoutes({ database, now }: { database: HeedDatabase; now: () => number }) {
  const app = new Hono<AppEnv>()

  app.get('/:id/tags', async (c) => {
    const tags = await findTags(database, c.get('project').id, c.req.param('id'))
    if (tags === undefined) throw notFound('response')
    return c.json({ tags: tags && tagsJson(tags) })
  })

  app.put('/:id/tags', limitBody(MAX_BODY_BYTES), async (c) => {
    const projectId = c.get('project').id
    const body = readBody(c, ZTagCorrection)
    const by = actorOf(c, body.by)
    if (body.themes !== undefined && body.themes.length > 0) {
      const keys = new Set((await loadTaxonomy(database, projectId)).map((theme) => theme.key))
      const unknown = body.themes.findIndex((key) => !keys.has(key))
      if (unknown >= 0) {
        throw invalidField(
          `themes.${unknown}`,
          'is not a key of the project taxonomy (GET /admin/v1/taxonomy)',
        )
      }
    }
    const tags = await correctTags(
      database,
      projectId,
      c.req.param('id'),
      { sentiment: body.sentiment, themes: body.themes, by },
      now(),
    )
    if (!tags) throw notFound('response')
    return c.json({ tags: tagsJson(tags) })
  })

  return app
}
