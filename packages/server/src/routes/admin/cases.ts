import { ZAccountId, ZServerId } from '@heed/shared/schemas/ids'
import { LIMITS } from '@heed/shared/schemas/limits'
import { ZTimestamp } from '@heed/shared/schemas/timestamp'
import { SENTIMENT_LABELS } from '@heed/shared/text/sentiment'
import { ZThemeKey } from '@heed/shared/text/themes'
import { type Context, Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { conflictOn, invalidField, notFound } from '../../errors'
import { limitBody } from '../../http/body-limit'
import { pageOf, pageParameters } from '../../http/pagination'
import { readBody } from '../../http/read-body'
import { readQuery } from '../../http/read-query'
import {
  type CaseFilter,
  type CaseHistoryEntry,
  type CaseRecord,
  findCase,
  findCases,
  isOverdue,
  listCases,
} from '../../store/case-queries'
import { CASE_STATUSES, type CaseChange } from '../../store/case-rules'
import { addCaseNote, type CaseNote, type CaseUpdateOutcome, updateCases } from '../../store/cases'
import { loadTaxonomy } from '../../store/taxonomy'
import { ACTOR_RULE, ZActor, ZTeamEmail } from './team'

const LISTING = 'cases'
/** Header naming who makes a change, for clients that act for several people; a body's `by` wins. */
export const ACTOR_HEADER = 'X-Heed-Actor'
/** Cases one bulk update may change: a morning's triage, checked and written in one transaction. */
const MAX_BULK_IDS = 500
const MAX_TAGS = 20
/** The largest body: 500 ids of 64 characters, quoted, with room to spare. */
const MAX_BODY_BYTES = 64 * 1024

const ZInstant = ZTimestamp.transform((text) => Date.parse(text))
const ZFlag = z.enum(['true', 'false']).transform((value) => value === 'true')

/** A repeatable parameter whose values may also be comma lists: `status=open,contacted` or twice. */
function listOf<const T extends readonly [string, ...string[]]>(words: T) {
  const allowed = new Set<string>(words)
  return z.array(z.string()).transform((values, ctx) => {
    const chosen = new Set<T[number]>()
    for (const word of values.flatMap((value) => value.split(','))) {
      if (!allowed.has(word)) {
        ctx.addIssue({ code: 'custom', input: word, message: `must be ${words.join(', ')}, not '${word}'` })
        return z.NEVER
      }
      chosen.add(word as T[number])
    }
    return [...chosen]
  })
}

/** `owner=none` lists the unassigned cases. */
const UNASSIGNED = 'none'

export const ZCaseListQuery = z
  .strictObject({
    status: listOf(CASE_STATUSES).optional(),
    owner: z.union([z.literal(UNASSIGNED), ZTeamEmail]).optional(),
    overdue: ZFlag.optional(),
    rootCause: ZThemeKey.optional(),
    surveyId: ZServerId.optional(),
    accountId: ZAccountId.optional(),
    sentiment: listOf(SENTIMENT_LABELS).optional(),
    from: ZInstant.optional(),
    to: ZInstant.optional(),
    ...pageParameters(LISTING),
  })
  .refine((query) => query.from === undefined || query.to === undefined || query.to > query.from, {
    path: ['to'],
    error: 'must be later than from',
  })

/**
 * The case list's query as a store filter, its root cause checked against the project's taxonomy: shared by
 * the list and its CSV export so both select the same cases.
 */
export async function readCaseListQuery(
  database: HeedDatabase,
  projectId: string,
  parameters: Record<string, string[]>,
): Promise<{ limit: number; cursor?: { at: number; id: string }; filter: CaseFilter }> {
  const { limit, cursor, status, owner, sentiment, ...rest } = readQuery(parameters, ZCaseListQuery, [
    'status',
    'sentiment',
  ])
  if (rest.rootCause !== undefined) {
    const keys = (await loadTaxonomy(database, projectId)).map((theme) => theme.key)
    if (!keys.includes(rest.rootCause)) {
      throw invalidField('rootCause', 'is not a key of the project taxonomy', 'invalid_query')
    }
  }
  const filter: CaseFilter = {
    ...rest,
    statuses: status,
    sentiments: sentiment,
    ...(owner !== undefined && { owner: owner === UNASSIGNED ? null : owner }),
  }
  return { limit, cursor, filter }
}

/** Secondary taxonomy keys, in the order given, each once. */
const ZTags = z
  .array(ZThemeKey)
  .max(MAX_TAGS)
  .transform((tags) => [...new Set(tags)])

const changeFields = {
  status: z.enum(CASE_STATUSES),
  /** A team member's e-mail, or null to unassign. */
  owner: ZTeamEmail.nullable(),
  /** The primary root cause, a taxonomy key; required for `resolved`. */
  rootCause: ZThemeKey.nullable(),
  tags: ZTags,
}

const changesSomething = (change: Record<string, unknown>) =>
  Object.keys(changeFields).some((field) => change[field] !== undefined)

export const ZCaseUpdate = z
  .strictObject({ ...changeFields, by: ZActor })
  .partial()
  .refine(changesSomething, { error: 'must change at least one of status, owner, rootCause and tags' })

export const ZCaseBulkUpdate = z.strictObject({
  ids: z
    .array(ZServerId)
    .min(1)
    .max(MAX_BULK_IDS)
    .superRefine((ids, ctx) => {
      const seen = new Set<string>()
      ids.forEach((id, index) => {
        if (seen.has(id))
          ctx.addIssue({ code: 'custom', path: [index], input: id, message: 'is given twice' })
        seen.add(id)
      })
    }),
  changes: z
    .strictObject(changeFields)
    .partial()
    .refine(changesSomething, { error: 'must change at least one of status, owner, rootCause and tags' }),
  by: ZActor.optional(),
})

export const ZCaseNoteCreate = z.strictObject({
  text: z.string().trim().min(1).max(LIMITS.comment),
  by: ZActor.optional(),
})

const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString())

const caseJson = (record: CaseRecord, now: number) => ({
  ...record,
  overdue: isOverdue(record, now),
  dueAt: iso(record.dueAt),
  firstContactAt: iso(record.firstContactAt),
  resolvedAt: iso(record.resolvedAt),
  createdAt: iso(record.createdAt),
  updatedAt: iso(record.updatedAt),
})

const historyJson = (entry: CaseHistoryEntry) => ({ ...entry, at: iso(entry.at) })

const noteJson = (note: CaseNote) => ({ ...note, createdAt: iso(note.createdAt) })

/**
 * Who makes the change: the signed-in person when the request has a session (whatever the body says), else
 * the body's `by`, else the X-Heed-Actor header; one of them is required with a secret key.
 */
export function actorOf(c: Context<AppEnv>, by: string | undefined): string {
  const user = c.get('user')
  if (user !== undefined) return user.email
  if (by !== undefined) return by
  const header = c.req.header(ACTOR_HEADER)
  if (header === undefined) {
    throw invalidField('by', `is required: say who makes the change here or in the ${ACTOR_HEADER} header`)
  }
  const actor = ZActor.safeParse(header)
  if (!actor.success) throw invalidField(ACTOR_HEADER, ACTOR_RULE)
  return actor.data
}

/** Refuses root causes and tags that are not keys of the project's taxonomy, naming the field under `prefix`. */
async function checkTaxonomyKeys(
  database: HeedDatabase,
  projectId: string,
  change: CaseChange,
  prefix: string,
): Promise<void> {
  if (typeof change.rootCause !== 'string' && (change.tags ?? []).length === 0) return
  const keys = new Set((await loadTaxonomy(database, projectId)).map((theme) => theme.key))
  const unknown = 'is not a key of the project taxonomy (GET /admin/v1/taxonomy lists them)'
  if (typeof change.rootCause === 'string' && !keys.has(change.rootCause)) {
    throw invalidField(`${prefix}rootCause`, unknown)
  }
  const tag = (change.tags ?? []).findIndex((key) => !keys.has(key))
  if (tag >= 0) throw invalidField(`${prefix}tags.${tag}`, unknown)
}

/** The change without the actor, and without the fields left out. */
function changeOf(fields: CaseChange & { by?: string }): CaseChange {
  const { by: _by, ...change } = fields
  return Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined))
}

/**
 * Follow-up cases: the queue with its filters, one case with its history and notes, changes to one case or
 * to many at once, and notes. Every change names who made it.
 */
export function adminCaseRoutes({
  database,
  now,
}: {
  database: HeedDatabase
  now: () => number
}): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const limitedBody = limitBody(MAX_BODY_BYTES)

  app.get('/', async (c) => {
    const projectId = c.get('project').id
    const { limit, cursor, filter } = await readCaseListQuery(database, projectId, c.req.queries())
    const at = now()
    const rows = await listCases(database, projectId, filter, { limit: limit + 1, after: cursor }, at)
    const page = pageOf(LISTING, rows, limit, (row) => ({ at: row.dueAt, id: row.id }))
    return c.json({ cases: page.items.map((row) => caseJson(row, at)), nextCursor: page.nextCursor })
  })

  app.post('/bulk', limitedBody, async (c) => {
    const projectId = c.get('project').id
    const body = readBody(c, ZCaseBulkUpdate)
    const actor = actorOf(c, body.by)
    const change = changeOf(body.changes)
    await checkTaxonomyKeys(database, projectId, change, 'changes.')
    const at = now()
    const outcome = await updateCases(database, projectId, body.ids, change, actor, at)
    refuseBulk(outcome)
    const byId = new Map((await findCases(database, projectId, body.ids)).map((row) => [row.id, row]))
    return c.json({
      cases: body.ids.flatMap((id) => {
        const row = byId.get(id)
        return row ? [caseJson(row, at)] : []
      }),
    })
  })

  app.get('/:id', async (c) => {
    const detail = await findCase(database, c.get('project').id, c.req.param('id'))
    if (!detail) throw notFound('case')
    return c.json({
      case: caseJson(detail.case, now()),
      history: detail.history.map(historyJson),
      notes: detail.notes.map(noteJson),
    })
  })

  app.patch('/:id', limitedBody, async (c) => {
    const projectId = c.get('project').id
    const id = c.req.param('id')
    // An id of another project is not found, whatever the body says: existence is not leaked.
    if ((await findCases(database, projectId, [id])).length === 0) throw notFound('case')
    const body = readBody(c, ZCaseUpdate)
    const actor = actorOf(c, body.by)
    const change = changeOf(body)
    await checkTaxonomyKeys(database, projectId, change, '')
    const at = now()
    const outcome = await updateCases(database, projectId, [id], change, actor, at)
    if (outcome.outcome === 'not_found') throw notFound('case')
    if (outcome.outcome === 'refused') {
      const { field, message } = outcome
      if (field === 'status') {
        throw conflictOn(field, message)
      }
      throw invalidField(field, message)
    }
    const [row] = await findCases(database, projectId, [id])
    if (!row) throw notFound('case')
    return c.json({ case: caseJson(row, at) })
  })

  app.post('/:id/notes', limitedBody, async (c) => {
    const projectId = c.get('project').id
    const id = c.req.param('id')
    if ((await findCases(database, projectId, [id])).length === 0) throw notFound('case')
    const body = readBody(c, ZCaseNoteCreate)
    const note = await addCaseNote(database, projectId, id, actorOf(c, body.by), body.text, now())
    if (!note) throw notFound('case')
    return c.json({ note: noteJson(note) }, 201)
  })

  return app
}

/** A bulk update names the case it could not apply to by its place in `ids`, or the change's own field. */
function refuseBulk(outcome: CaseUpdateOutcome): void {
  if (outcome.outcome === 'updated') return
  if (outcome.outcome === 'not_found') {
    throw invalidField(`ids.${outcome.index}`, 'no such case in this project')
  }
  if (outcome.index === undefined) throw invalidField(`changes.${outcome.field}`, outcome.message)
  throw invalidField(`ids.${outcome.index}`, `${outcome.field} ${outcome.message}`)
}
