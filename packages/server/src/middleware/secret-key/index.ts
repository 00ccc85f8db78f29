import type { MiddlewareHandler } from 'hono'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { ApiError } from '../../errors'
import { requestHeader } from '../../http/request-header'
import { findProjectBySecretKey } from '../../store/projects'

/**
 * Admin requests carry a secret key as a Bearer token. Not cached: a revoked key must stop working at
 * once, and admin traffic is light.
 */
export function secretKeyAuth(database: HeedDatabase): MiddlewareHandler<AppEnv> {
  return async function secretKey(c, next) {
    const [scheme, key] = (requestHeader(c, 'authorization') ?? '').split(' ', 2)
    if (scheme?.toLowerCase() !== 'bearer' || !key?.startsWith('sk_')) {
      throw new ApiError(401, 'unauthorized', 'send a secret key as "Authorization: Bearer sk_..."', [], {
        'WWW-Authenticate': 'Bearer',
      })
    }
    const project = await findProjectBySecretKey(database, key)
    if (!project) {
      throw new ApiError(401, 'unauthorized', 'unknown or revoked secret key', [], {
        'WWW-Authenticate': 'Bearer',
      })
    }
    c.set('project', project)
    await next()
  }
}
