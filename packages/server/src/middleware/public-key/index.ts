import type { MiddlewareHandler } from 'hono'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { ApiError } from '../../errors'
import { requestHeader } from '../../http/request-header'
import { setResponseHeader } from '../../http/response-header'
import { TtlCache } from '../../http/ttl-cache'
import { findProjectByPublicKey, type ProjectRecord } from '../../store/projects'
import { originAllowed } from './origin'

export { originAllowed }

const PREFLIGHT_HEADERS = {
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization',
  'Access-Control-Max-Age': '86400',
}

/**
 * Resolves the project from a public key and applies its CORS policy. The key may come as `?key=`
 * (sendBeacon cannot set headers), as a Bearer token, or as the Basic-auth user name (Segment's write key).
 * Projects are cached briefly: every ingest request needs one, and keys change rarely.
 */
export function publicKeyAuth(database: HeedDatabase, cacheMs = 5_000): MiddlewareHandler<AppEnv> {
  const projects = new TtlCache<string, ProjectRecord | undefined>(cacheMs)
  return async function publicKey(c, next) {
    const origin = requestHeader(c, 'origin')
    const key = publicKeyOf(c.req.query('key'), requestHeader(c, 'authorization'))
    if (c.req.method === 'OPTIONS') {
      // A preflight carries no Authorization header; when it has no key either, the real request is checked.
      const project = key ? await projects.get(key, (k) => findProjectByPublicKey(database, k)) : undefined
      if (origin && (!project || originAllowed(project, origin))) {
        return c.body(null, 204, {
          ...PREFLIGHT_HEADERS,
          'Access-Control-Allow-Origin': origin,
          Vary: 'Origin',
        })
      }
      return c.body(null, 204)
    }
    if (!key)
      throw new ApiError(401, 'unauthorized', 'a public key is required (?key=, Bearer or Basic auth)')
    const project = await projects.get(key, (k) => findProjectByPublicKey(database, k))
    if (!project) throw new ApiError(401, 'unauthorized', 'unknown public key')
    if (origin) {
      if (!originAllowed(project, origin)) {
        throw new ApiError(403, 'origin_not_allowed', `origin ${origin} is not allowed for this project`)
      }
      setResponseHeader(c, 'Access-Control-Allow-Origin', origin)
      setResponseHeader(c, 'Vary', 'Origin')
    }
    c.set('project', project)
    await next()
  }
}

function publicKeyOf(query: string | undefined, authorization: string | undefined): string | undefined {
  if (query) return query
  if (!authorization) return undefined
  const [scheme, credentials = ''] = authorization.split(' ', 2)
  if (scheme?.toLowerCase() === 'bearer') return credentials.trim() || undefined
  if (scheme?.toLowerCase() === 'basic') {
    const user = Buffer.from(credentials, 'base64').toString('utf8').split(':')[0]
    return user || undefined
  }
  return undefined
}
