import { timingSafeEqual } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { ApiError } from '../../errors'
import { requestHeader } from '../../http/request-header'
import { findProject } from '../../store/projects'
import { findSession, type Session, type SessionLifetime } from '../../store/users/sessions'
import { secretKeyAuth } from '../secret-key'
import { sessionToken } from './cookie'
import { ownOrigin, type ProxyTrust } from './request-origin'

/** The header a cookie-authenticated write carries the session's CSRF token in (GET /auth/v1/me gives it). */
export const CSRF_HEADER = 'X-Heed-CSRF'

export interface SessionOptions extends ProxyTrust {
  database: HeedDatabase
  now: () => number
  lifetime: SessionLifetime
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Changes only admins make with a session: secret keys (a key does anything, inviting admins included) and
 * the people who sign in.
 */
const ADMIN_ONLY = /^\/admin\/v1\/(keys|users)(\/|$)/

const forbidden = (message: string) => new ApiError(403, 'forbidden', message)

/** The live session of the request's cookie, if any. */
export async function currentSession(
  c: Context<AppEnv>,
  options: SessionOptions,
): Promise<Session | undefined> {
  const token = sessionToken(c)
  return token === undefined
    ? undefined
    : findSession(options.database, token, options.now(), options.lifetime)
}

/**
 * Refuses a cookie-authenticated write that a page of another site could have made: its Origin must be ours,
 * and it must echo the session's CSRF token, which only our own pages can read (from GET /auth/v1/me).
 * SameSite=Lax already keeps the cookie off cross-site posts; these two checks hold even where it does not
 * (older browsers, a sibling subdomain).
 */
export function checkCsrf(c: Context<AppEnv>, session: Session, options: SessionOptions): void {
  const origin = requestHeader(c, 'origin')
  if (origin !== ownOrigin(c, options)) {
    throw forbidden(
      `a signed-in change must come from this server's own pages (Origin ${origin ?? 'missing'})`,
    )
  }
  const sent = Buffer.from(requestHeader(c, 'x-heed-csrf') ?? '')
  const expected = Buffer.from(session.csrfToken)
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
    throw forbidden(`send the session's CSRF token in the ${CSRF_HEADER} header (GET /auth/v1/me gives it)`)
  }
}

/**
 * The admin API's authentication: a secret key (`Authorization: Bearer sk_...`, for scripts and
 * integrations), or else a signed-in person's session cookie. With a session, every write passes the CSRF
 * checks, viewers may only read, and only admins manage keys and people; the person is set as `user`, so
 * changes are attributed to them.
 */
export function adminAuth(options: SessionOptions): MiddlewareHandler<AppEnv> {
  const secretKey = secretKeyAuth(options.database)
  return async function keyOrSession(c, next) {
    if (requestHeader(c, 'authorization') !== undefined || sessionToken(c) === undefined) {
      return secretKey(c, next)
    }
    const session = await currentSession(c, options)
    if (!session) {
      throw new ApiError(401, 'unauthorized', 'the session has ended: sign in again', [], {
        'WWW-Authenticate': 'Bearer',
      })
    }
    if (!READS.has(c.req.method)) {
      checkCsrf(c, session, options)
      if (session.user.role === 'viewer') throw forbidden('viewers can read but not change anything')
      if (session.user.role !== 'admin' && ADMIN_ONLY.test(c.req.path)) {
        throw forbidden('only admins can manage secret keys and invite people')
      }
    }
    const project = await findProject(options.database, session.user.projectId)
    if (!project) throw new ApiError(401, 'unauthorized', 'the project of this session no longer exists')
    c.set('project', project)
    c.set('user', session.user)
    await next()
  }
}
