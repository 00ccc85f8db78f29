import { Hono } from 'hono'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { conflictOn } from '../../errors'
import { limitBody } from '../../http/body-limit'
import { readBody } from '../../http/read-body'
import type { ProxyTrust } from '../../middleware/session/request-origin'
import { ownOrigin } from '../../middleware/session/request-origin'
import { createUser, listUsers } from '../../store/users/users'
import { nameFromEmail, ZInvite } from './schemas'
import { userJson } from './user-json'

/** The link a new person sets their password at; the token rides in the fragment, kept out of server logs. */
export const setPasswordLink = (origin: string, token: string) => `${origin}/app/set-password#token=${token}`

/**
 * The people who may sign in to the project's dashboard. Anyone signed in may list them; inviting takes an
 * admin's session or a secret key.
 */
export function adminUserRoutes(
  options: ProxyTrust & { database: HeedDatabase; now: () => number },
): Hono<AppEnv> {
  const { database, now } = options
  const app = new Hono<AppEnv>()

  app.get('/', async (c) => {
    const users = await listUsers(database, c.get('project').id)
    return c.json({ users: users.map(userJson) })
  })

  app.post('/', limitBody(4 * 1024), async (c) => {
    // Only admins come this far with a session (see adminAuth).
    const { email, name, role } = readBody(c, ZInvite)
    const created = await createUser(
      database,
      { projectId: c.get('project').id, email, name: name ?? nameFromEmail(email), role },
      now(),
    )
    if (created.outcome === 'email_taken') throw conflictOn('email', 'already has an account')
    return c.json(
      { user: userJson(created.user), setPasswordUrl: setPasswordLink(ownOrigin(c, options), created.token) },
      201,
    )
  })

  return app
}
