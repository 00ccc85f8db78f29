import { Hono } from 'hono'
import type { AppEnv } from '../../env'
import { ApiError, invalidField } from '../../errors'
import { limitBody } from '../../http/body-limit'
import { readBody } from '../../http/read-body'
import { requestHeader } from '../../http/request-header'
import { checkCsrf, currentSession, type SessionOptions } from '../../middleware/session'
import { clearSessionCookie, setSessionCookie } from '../../middleware/session/cookie'
import { clientAddress, ownOrigin } from '../../middleware/session/request-origin'
import { findProject } from '../../store/projects'
import { hashPassword, UNUSABLE_HASH, verifyPassword } from '../../store/users/password'
import { createSession, deleteSession, deleteUserSessions } from '../../store/users/sessions'
import { findUserByEmail, setPasswordWithToken } from '../../store/users/users'
import { failureLimiter } from './failure-limiter'
import { ZSetPassword, ZSignIn } from './schemas'
import { userJson } from './user-json'

const MAX_BODY_BYTES = 4 * 1024
const FIFTEEN_MINUTES = 15 * 60 * 1000
/** Failed sign-ins allowed per account, and per client address (an office shares one), in 15 minutes. */
export const SIGN_IN_LIMITS = {
  account: { maxFailures: 5, windowMs: FIFTEEN_MINUTES },
  address: { maxFailures: 20, windowMs: FIFTEEN_MINUTES },
}

const tooMany = (waitMs: number) =>
  new ApiError(429, 'rate_limited', 'too many failed sign-ins: wait a few minutes and try again', [], {
    'Retry-After': String(Math.ceil(waitMs / 1000)),
  })

/**
 * Sign-in for people: e-mail and password for a session cookie, who is signed in (with the CSRF token writes
 * must echo), sign out here or everywhere, and setting a password with a one-time link.
 */
export function authRoutes(options: SessionOptions): Hono<AppEnv> {
  const { database, now } = options
  const app = new Hono<AppEnv>()
  const limitedBody = limitBody(MAX_BODY_BYTES)
  const byAccount = failureLimiter(SIGN_IN_LIMITS.account)
  const byAddress = failureLimiter(SIGN_IN_LIMITS.address)

  const requireSession = async (c: Parameters<typeof currentSession>[0]) => {
    const session = await currentSession(c, options)
    if (!session) throw new ApiError(401, 'unauthorized', 'not signed in')
    return session
  }

  app.post('/sign-in', limitedBody, async (c) => {
    // A page of another site must not sign the browser in to an account of its choosing.
    const origin = requestHeader(c, 'origin')
    if (origin !== undefined && origin !== ownOrigin(c, options)) {
      throw new ApiError(403, 'forbidden', "sign in from this server's own pages")
    }
    const { email, password } = readBody(c, ZSignIn)
    const address = clientAddress(c, options)
    const at = now()
    const wait = Math.max(byAccount.waitFor(email, at), byAddress.waitFor(address, at))
    if (wait > 0) throw tooMany(wait)
    const found = await findUserByEmail(database, email)
    // An unknown e-mail costs one hash too, so the answer's time does not tell which e-mails exist.
    const matches = await verifyPassword(password, found?.passwordHash ?? UNUSABLE_HASH)
    if (!found || found.passwordHash === null || !matches) {
      byAccount.recordFailure(email, at)
      byAddress.recordFailure(address, at)
      throw new ApiError(401, 'unauthorized', 'wrong e-mail or password')
    }
    byAccount.clear(email)
    const { token, csrfToken } = await createSession(database, found.user.id, now())
    setSessionCookie(c, token, options)
    return c.json({ user: userJson(found.user), csrfToken })
  })

  app.get('/me', async (c) => {
    const session = await requireSession(c)
    const project = await findProject(database, session.user.projectId)
    if (!project) throw new ApiError(401, 'unauthorized', 'not signed in')
    c.header('Cache-Control', 'no-store')
    return c.json({
      user: userJson(session.user),
      project: { id: project.id, name: project.name, timeZone: project.timeZone },
      csrfToken: session.csrfToken,
    })
  })

  app.post('/sign-out', async (c) => {
    const session = await requireSession(c)
    checkCsrf(c, session, options)
    await deleteSession(database, session.idHash)
    clearSessionCookie(c, options)
    return c.body(null, 204)
  })

  app.post('/sign-out-everywhere', async (c) => {
    const session = await requireSession(c)
    checkCsrf(c, session, options)
    const ended = await deleteUserSessions(database, session.user.id)
    clearSessionCookie(c, options)
    return c.json({ ended })
  })

  app.post('/password', limitedBody, async (c) => {
    const { token, password } = readBody(c, ZSetPassword)
    const changed = await setPasswordWithToken(database, token, await hashPassword(password), now())
    if (!changed) throw invalidField('token', 'is unknown, used or expired: ask an admin for a new link')
    return c.json({ email: changed.email })
  })

  return app
}
