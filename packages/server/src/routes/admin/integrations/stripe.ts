import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../../db/open'
import type { AppEnv } from '../../../env'
import { limitBody } from '../../../http/body-limit'
import { readBody } from '../../../http/read-body'
import { maskedSecret, setStripeEndpointSecret, stripeEndpointSecret } from '../../../store/stripe/endpoint'

export const ZStripeEndpointPut = z.object({
  endpointSecret: z
    .string()
    .regex(
      /^whsec_[A-Za-z0-9]{8,200}$/,
      "must be the endpoint's signing secret, whsec_ then letters and digits",
    ),
})

/** The project's Stripe endpoint: where to point Stripe, and the signing secret, never shown in full again. */
export function adminStripeRoutes({ database, now }: { database: HeedDatabase; now: () => number }) {
  const app = new Hono<AppEnv>()
  const answer = (projectId: string, secret: string | null) => ({
    path: `/integrations/stripe/${projectId}`,
    endpointSecret: secret === null ? null : maskedSecret(secret),
  })

  app.get('/', async (c) => {
    const projectId = c.get('project').id
    return c.json(answer(projectId, await stripeEndpointSecret(database, projectId)))
  })

  app.put('/', limitBody(4096), async (c) => {
    const { endpointSecret } = readBody(c, ZStripeEndpointPut)
    const projectId = c.get('project').id
    await setStripeEndpointSecret(database, projectId, endpointSecret, now())
    return c.json(answer(projectId, endpointSecret))
  })
  return app
}
