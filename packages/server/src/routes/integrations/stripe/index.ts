import { STRIPE_SUBSCRIPTION_EVENTS, ZStripeSubscriptionEvent } from '@heed/shared/revenue/stripe'
import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../../db/open'
import type { AppEnv } from '../../../env'
import { ApiError, notFound } from '../../../errors'
import { limitBody } from '../../../http/body-limit'
import { parseWith, readJson } from '../../../http/read-body'
import { requestHeader } from '../../../http/request-header'
import { stripeSignatureProblem } from '../../../integrations/stripe/signature'
import { findProject } from '../../../store/projects'
import { stripeEndpointSecret } from '../../../store/stripe/endpoint'
import { applyStripeEvent } from '../../../store/stripe/subscriptions'

// A subscription with many items and an expanded customer stays well under this.
const MAX_BODY_BYTES = 256 * 1024

const ZEventType = z.object({ id: z.string().min(1), type: z.string() })

/**
 * Stripe's webhook endpoint of a project. The `Stripe-Signature` header, checked with the project's endpoint
 * secret, is the only authentication: a bad or stale signature is a 400 and changes nothing. Subscription
 * events become ledger changes; other event types are acknowledged and ignored, so Stripe stops retrying them.
 */
export function stripeWebhookRoutes({ database, now }: { database: HeedDatabase; now: () => number }) {
  const app = new Hono<AppEnv>()
  app.post('/:projectId', limitBody(MAX_BODY_BYTES), async (c) => {
    const project = await findProject(database, c.req.param('projectId'))
    const secret = project && (await stripeEndpointSecret(database, project.id))
    // The same answer with no project as with no secret: the path does not tell which projects exist.
    if (!project || !secret) throw notFound('Stripe endpoint of this project')
    const problem = stripeSignatureProblem(
      c.get('bodyText') ?? '',
      requestHeader(c, 'stripe-signature'),
      secret,
      Math.floor(now() / 1000),
    )
    if (problem) {
      throw new ApiError(400, 'invalid_signature', `Stripe-Signature: ${problem}`, [
        { field: 'Stripe-Signature', message: problem },
      ])
    }
    const json = readJson(c, { anyContentType: true })
    const { id, type } = parseWith(ZEventType, json, 'invalid_body')
    if (!(STRIPE_SUBSCRIPTION_EVENTS as readonly string[]).includes(type)) {
      return c.json({ received: id, outcome: 'ignored' })
    }
    const event = parseWith(ZStripeSubscriptionEvent, json, 'invalid_body')
    const outcome = await applyStripeEvent(database, project, event, now())
    return c.json({ received: id, outcome })
  })
  return app
}
