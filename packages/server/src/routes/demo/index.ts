import { Hono } from 'hono'
import type { HeedDatabase } from '../../db/open'
import { hostPage } from '../../demo/host-page'
import type { AppEnv } from '../../env'
import { notFound } from '../../errors'
import { findProject } from '../../store/projects'

export interface DemoPageOptions {
  database: HeedDatabase
  /** The demo project, whose current public key the page embeds (it may have been rotated since seeding). */
  projectId: string
}

/**
 * The demo host page of `heed demo`: a made-up product that embeds the widget from this server. The page
 * names the server by the origin the browser used to reach it, so it works behind --host 0.0.0.0 too.
 */
export function demoPageRoutes({ database, projectId }: DemoPageOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/', async (c) => {
    const project = await findProject(database, projectId)
    if (!project) throw notFound('the demo project')
    c.header('Cache-Control', 'no-store')
    return c.html(
      hostPage({
        publicKey: project.publicKey,
        host: new URL(c.req.url).origin,
        recontactDays: project.recontactDays,
      }),
    )
  })
  return app
}
