import { ZAccountId, ZPersonId, ZServerId } from '@heed/shared/schemas/ids'
import { LIMITS } from '@heed/shared/schemas/limits'
import { ZTimestamp } from '@heed/shared/schemas/timestamp'
import { BUCKETS, type Bucket } from '@heed/shared/scores/buckets'
import { SENTIMENT_LABELS } from '@heed/shared/text/sentiment'
import { THEME_LIMITS } from '@heed/shared/text/themes'
import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { invalidField, notFound } from '../../errors'
import { pageOf, pageParameters } from '../../http/pagination'
import { readQuery } from '../../http/read-query'
import { findResponse, listResponses, type ResponseRecord } from '../../store/response-queries'

const LISTING = 'responses'
const TRAIT_PREFIX = 'trait.'

const ZInstant = ZTimestamp.transform((text) => Date.parse(text))

const isBucket = (word: string): word is Bucket => (BUCKETS as readonly string[]).includes(word)

/** `bucket` may repeat and each value may be a comma list: `bucket=detractor,passive` or the same twice. */
const ZBuckets = z.array(z.string()).transform((values, ctx) => {
  const buckets = new Set<Bucket>()
  for (const word of values.flatMap((value) => value.split(','))) {
    if (!isBucket(word)) {
      ctx.addIssue({
        code: 'custom',
        input: word,
        message: `must be detractor, passive or promoter, not '${word}'`,
      })
      return z.NEVER
    }
    buckets.add(word)
  }
  return [...buckets]
})

const ZFlag = z.enum(['true', 'false']).transform((value) => value === 'true')

export const ZResponseListQuery = z
  .strictObject({
    surveyId: ZServerId.optional(),
    from: ZInstant.optional(),
    to: ZInstant.optional(),
    bucket: ZBuckets.optional(),
    hasComment: ZFlag.optional(),
    /** The comment's sentiment as tagged (or as a person corrected it). */
    sentiment: z.enum(SENTIMENT_LABELS).optional(),
    /** A theme key of the project's taxonomy that the comment is tagged with. */
    theme: z.string().min(1).max(THEME_LIMITS.key).optional(),
    personId: ZPersonId.optional(),
    accountId: ZAccountId.optional(),
    ...pageParameters(LISTING),
  })
  .refine((query) => query.from === undefined || query.to === undefined || query.to > query.from, {
    path: ['to'],
    error: 'must be later than from',
  })

/**
 * Takes the `trait.<name>` parameters out of the query: their names are the customer's, so they cannot be
 * listed in a schema. Repeating one accepts any of its values.
 */
export function takeTraitFilters(parameters: Record<string, string[]>): {
  traits: Map<string, string[]>
  rest: Record<string, string[]>
} {
  const traits = new Map<string, string[]>()
  const rest: Record<string, string[]> = Object.create(null)
  for (const [parameter, values] of Object.entries(parameters)) {
    if (!parameter.startsWith(TRAIT_PREFIX)) {
      rest[parameter] = values
      continue
    }
    const name = parameter.slice(TRAIT_PREFIX.length)
    if (name.length === 0 || name.length > LIMITS.traitKey) {
      throw invalidField(
        parameter,
        `the trait name must be 1 to ${LIMITS.traitKey} characters`,
        'invalid_query',
      )
    }
    if (values.some((value) => value.length > LIMITS.traitString)) {
      throw invalidField(parameter, `must be at most ${LIMITS.traitString} characters`, 'invalid_query')
    }
    if (values.length > LIMITS.conditionValues) {
      throw invalidField(parameter, `must be given at most ${LIMITS.conditionValues} times`, 'invalid_query')
    }
    traits.set(name, values)
    // Each trait filter is a lookup per candidate row; a snapshot never has more traits than this.
    if (traits.size > LIMITS.traitKeys) {
      throw invalidField(parameter, `at most ${LIMITS.traitKeys} traits can be filtered on`, 'invalid_query')
    }
  }
  return { traits, rest }
}

const responseJson = (response: ResponseRecord) => ({
  ...response,
  createdAt: new Date(response.createdAt).toISOString(),
  updatedAt: new Date(response.updatedAt).toISOString(),
})

/** Reading answers: a filtered, newest-first listing with cursor pages, and one answer by id. */
export function adminResponseRoutes({ database }: { database: HeedDatabase }): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/', async (c) => {
    const { traits, rest } = takeTraitFilters(c.req.queries())
    const { limit, cursor, bucket, ...filter } = readQuery(rest, ZResponseListQuery, ['bucket'])
    const rows = await listResponses(
      database,
      c.get('project').id,
      { ...filter, buckets: bucket, traits },
      { limit: limit + 1, after: cursor },
    )
    const page = pageOf(LISTING, rows, limit, (row) => ({ at: row.createdAt, id: row.id }))
    return c.json({ responses: page.items.map(responseJson), nextCursor: page.nextCursor })
  })

  app.get('/:id', async (c) => {
    const response = await findResponse(database, c.get('project').id, c.req.param('id'))
    if (!response) throw notFound('response')
    return c.json({ response: responseJson(response) })
  })

  return app
}
