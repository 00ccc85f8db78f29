import type { HeedDatabase } from '../../db/open'

/** The project's Stripe endpoint secret, or null when none is set. */
export async function stripeEndpointSecret(
  database: HeedDatabase,
  projectId: string,
): Promise<string | null> {
  const row = await database.db
    .selectFrom('stripe_endpoints')
    .select('endpoint_secret')
    .where('project_id', '=', projectId)
    .executeTakeFirst()
  return row?.endpoint_secret ?? null
}

/** Sets (or replaces, when Stripe rolls it) the project's endpoint secret. */
export async function setStripeEndpointSecret(
  database: HeedDatabase,
  projectId: string,
  secret: string,
  now: number,
): Promise<void> {
  await database.db
    .insertInto('stripe_endpoints')
    .values({ project_id: projectId, endpoint_secret: secret, updated_at: now })
    .onConflict((conflict) =>
      conflict.column('project_id').doUpdateSet({ endpoint_secret: secret, updated_at: now }),
    )
    .execute()
}

/** A secret as the API shows it: its last four characters, enough to tell which one is set. */
export const maskedSecret = (secret: string) => `whsec_…${secret.slice(-4)}`
