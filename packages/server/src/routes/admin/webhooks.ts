import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { conflictOn, invalidField, notFound } from '../../errors'
import { limitBody } from '../../http/body-limit'
import { pageOf, pageParameters } from '../../http/pagination'
import { readBody } from '../../http/read-body'
import { readQuery } from '../../http/read-query'
import { type DeliveryRecord, listDeliveries } from '../../store/webhook-deliveries'
import {
  createWebhook,
  deleteWebhook,
  enqueueTestEvent,
  findWebhook,
  listWebhooks,
  redeliverEvent,
  updateWebhook,
  type WebhookRecord,
} from '../../store/webhooks'
import {
  ALLOW_SETTING,
  type DestinationPolicy,
  destinationPolicy,
  destinationProblem,
  hostOf,
  literalHostProblem,
} from '../../webhooks/destination-policy'
import { WEBHOOK_EVENT_TYPES } from '../../webhooks/event-types'

export interface AdminWebhookOptions {
  database: HeedDatabase
  now: () => number
  /**
   * Where webhooks may point. In production: https:// URLs of public hosts, and http:// or internal ones
   * only when the allowlist names them; otherwise any http(s) URL but link-local and metadata addresses.
   */
  webhookDestinations: DestinationPolicy
}

const LISTING = 'deliveries'
const MAX_BODY_BYTES = 16 * 1024
const MAX_URL_LENGTH = 2_000
const limitedBody = limitBody(MAX_BODY_BYTES)

/**
 * The URL's problem that shows without resolving its host, or undefined. What the host resolves to is
 * checked after, by `destinationProblem`, and again at every delivery.
 */
function urlProblem(text: string, policy: DestinationPolicy): string | undefined {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'must be an absolute URL such as https://hooks.example.com/heed'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http:// or https:// URL'
  if (url.username !== '' || url.password !== '') {
    return 'must not contain a user name or password: verify deliveries with their signature'
  }
  if (url.hash !== '') return 'must not contain a #fragment, which is never sent'
  if (url.protocol === 'http:' && policy.production && !listed(policy, url)) {
    return `must use https:// (plain http:// only for a receiver that ${ALLOW_SETTING} lists)`
  }
  return literalHostProblem(policy, url)
}

/** Whether the allowlist names the URL's host, or the IP address it is. */
const listed = (policy: DestinationPolicy, url: URL) =>
  policy.allow.allowsHost(url.hostname) || policy.allow.allowsAddress(hostOf(url))

function webhookSchemas(policy: DestinationPolicy) {
  const url = z
    .string()
    .trim()
    .max(MAX_URL_LENGTH)
    .superRefine((text, ctx) => {
      const problem = urlProblem(text, policy)
      if (problem) ctx.addIssue({ code: 'custom', input: text, message: problem })
    })
  const events = z
    .array(z.enum(WEBHOOK_EVENT_TYPES))
    .min(1)
    .max(WEBHOOK_EVENT_TYPES.length * 2)
    .transform((types) => [...new Set(types)])
  const format = z.enum(['json', 'slack'])
  return {
    create: z.strictObject({ url, events, format: format.default('json') }),
    update: z
      .strictObject({ url, events, format, active: z.boolean() })
      .partial()
      .refine((update) => Object.values(update).some((value) => value !== undefined), {
        error: 'must change at least one field',
      }),
  }
}

/** The schemas as documented: the production rule for URLs. */
const DOCUMENTED = webhookSchemas(destinationPolicy({ production: true }))
export const ZWebhookCreate = DOCUMENTED.create
export const ZWebhookUpdate = DOCUMENTED.update
export const ZDeliveryListQuery = z.strictObject(pageParameters(LISTING))

const iso = (time: number) => new Date(time).toISOString()

/** A webhook as listed: never its secret, which is shown once when the webhook is created. */
const webhookJson = (webhook: WebhookRecord) => ({
  ...webhook,
  createdAt: iso(webhook.createdAt),
  updatedAt: iso(webhook.updatedAt),
})

const deliveryJson = (delivery: DeliveryRecord) => ({ ...delivery, at: iso(delivery.at) })

/**
 * Webhooks of the caller's project: where its alerts (response.created, detractor.created, case.updated)
 * are posted, signed with the webhook's secret, and the log of every delivery attempt.
 */
export function adminWebhookRoutes({ database, now, webhookDestinations }: AdminWebhookOptions) {
  const app = new Hono<AppEnv>()
  const schemas = webhookSchemas(webhookDestinations)
  /** Refuses a URL whose host resolves to an address the policy refuses, naming the field. */
  const checkDestination = async (url: string | undefined) => {
    if (url === undefined) return
    const problem = await destinationProblem(webhookDestinations, new URL(url))
    if (problem) throw invalidField('url', problem)
  }

  app.post('/', limitedBody, async (c) => {
    const settings = readBody(c, schemas.create)
    await checkDestination(settings.url)
    const { webhook, secret } = await createWebhook(database, c.get('project').id, settings, now())
    // The only time the secret is shown: no cache along the way may keep a copy.
    c.header('Cache-Control', 'no-store')
    return c.json({ webhook: webhookJson(webhook), secret }, 201)
  })

  app.get('/', async (c) => {
    const webhooks = await listWebhooks(database, c.get('project').id)
    return c.json({ webhooks: webhooks.map(webhookJson) })
  })

  app.get('/:id', async (c) => {
    const webhook = await findWebhook(database, c.get('project').id, c.req.param('id'))
    if (!webhook) throw notFound('webhook')
    return c.json({ webhook: webhookJson(webhook) })
  })

  app.patch('/:id', limitedBody, async (c) => {
    const changes = readBody(c, schemas.update)
    await checkDestination(changes.url)
    const webhook = await updateWebhook(database, c.get('project').id, c.req.param('id'), changes, now())
    if (!webhook) throw notFound('webhook')
    return c.json({ webhook: webhookJson(webhook) })
  })

  app.delete('/:id', async (c) => {
    const webhook = await deleteWebhook(database, c.get('project').id, c.req.param('id'))
    if (!webhook) throw notFound('webhook')
    return c.json({ webhook: webhookJson(webhook) })
  })

  app.get('/:id/deliveries', async (c) => {
    const { limit, cursor } = readQuery(c.req.queries(), ZDeliveryListQuery)
    const webhook = await findWebhook(database, c.get('project').id, c.req.param('id'))
    if (!webhook) throw notFound('webhook')
    const rows = await listDeliveries(database, c.get('project').id, webhook.id, {
      limit: limit + 1,
      after: cursor,
    })
    const page = pageOf(LISTING, rows, limit, (row) => ({ at: row.at, id: row.id }))
    return c.json({ deliveries: page.items.map(deliveryJson), nextCursor: page.nextCursor })
  })

  app.post('/:id/test', async (c) => {
    const result = await enqueueTestEvent(database, c.get('project').id, c.req.param('id'), now())
    if (result.outcome === 'not-found') throw notFound('webhook')
    if (result.outcome === 'paused') {
      const message = 'is paused: activate the webhook to send it a test event'
      throw conflictOn('active', message)
    }
    return c.json({ eventId: result.eventId }, 202)
  })

  app.post('/:id/events/:eventId/redeliver', async (c) => {
    const eventId = c.req.param('eventId')
    const result = await redeliverEvent(database, c.get('project').id, c.req.param('id'), eventId, now())
    if (result.outcome === 'not-found') throw notFound(result.what)
    if (result.outcome === 'paused') {
      const message = 'is paused: activate the webhook to send it events again'
      throw conflictOn('active', message)
    }
    if (result.outcome === 'queued-already') {
      const message = 'is still queued: it is sent at its next attempt'
      throw conflictOn('eventId', message)
    }
    return c.json({ eventId }, 202)
  })

  return app
}
