import {
  isDefaultThemeKey,
  THEME_LIMITS,
  type Theme,
  ZThemeDefinition,
  ZThemeKey,
} from '@heed/shared/text/themes'
import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { ApiError, notFound } from '../../errors'
import { limitBody } from '../../http/body-limit'
import { parseWith, readBody } from '../../http/read-body'
import { signalJobStarted } from '../../jobs/job-signal'
import { startRetagWork } from '../../store/jobs'
import { deleteThemeWork, loadTaxonomy, putThemeWork } from '../../store/taxonomy'
import { jobJson } from './jobs'

/** 3 lists of 200 entries of up to 120 characters, quoted, with room to spare. */
const MAX_BODY_BYTES = 96 * 1024

const themeJson = ({ key, label, keywords, phrases, excludes, custom }: Theme) => ({
  key,
  label,
  keywords,
  phrases,
  excludes,
  custom,
})

function themeKeyOf(key: string): string {
  const { key: parsed } = parseWith(z.object({ key: ZThemeKey }), { key }, 'invalid_body')
  if (isDefaultThemeKey(parsed)) {
    throw new ApiError(409, 'conflict', `key: '${parsed}' is a default theme, which cannot be changed`, [
      { field: 'key', message: 'is a default theme, which cannot be changed or removed' },
    ])
  }
  return parsed
}

/**
 * The project's taxonomy: the default themes and its own. Adding, replacing or removing one of its own
 * starts a re-tag of the project's comments in the same transaction; the answer names the job.
 */
export function adminTaxonomyRoutes({ database, now }: { database: HeedDatabase; now: () => number }) {
  const app = new Hono<AppEnv>()

  app.get('/', async (c) => {
    const taxonomy = await loadTaxonomy(database, c.get('project').id)
    return c.json({ themes: taxonomy.map(themeJson) })
  })

  app.put('/themes/:key', limitBody(MAX_BODY_BYTES), async (c) => {
    const projectId = c.get('project').id
    const key = themeKeyOf(c.req.param('key'))
    const definition = readBody(c, ZThemeDefinition)
    const at = now()
    const { outcome, job } = await database.transact(function* (dialect) {
      const outcome = yield* putThemeWork(projectId, key, definition, at)
      return { outcome, job: outcome === 'full' ? undefined : yield* startRetagWork(dialect, projectId, at) }
    })
    if (outcome === 'full' || !job) {
      throw new ApiError(
        409,
        'conflict',
        `a project has at most ${THEME_LIMITS.customThemes} themes of its own`,
      )
    }
    signalJobStarted()
    const theme: Theme = { key, ...definition, custom: true }
    return c.json({ theme: themeJson(theme), job: jobJson(job) }, outcome === 'created' ? 201 : 200)
  })

  app.delete('/themes/:key', async (c) => {
    const projectId = c.get('project').id
    const key = themeKeyOf(c.req.param('key'))
    const at = now()
    const job = await database.transact(function* (dialect) {
      if (!(yield* deleteThemeWork(projectId, key))) return undefined
      return yield* startRetagWork(dialect, projectId, at)
    })
    if (!job) throw notFound('theme')
    signalJobStarted()
    return c.json({ deleted: key, job: jobJson(job) })
  })

  return app
}
