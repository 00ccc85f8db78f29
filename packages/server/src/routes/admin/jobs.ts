import { Hono } from 'hono'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { notFound } from '../../errors'
import { signalJobStarted } from '../../jobs/job-signal'
import { findJob, type JobRecord, startRetag } from '../../store/jobs'

const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString())

export const jobJson = (job: JobRecord) => ({
  id: job.id,
  kind: job.kind,
  /** A segment backfill's trait. */
  subject: job.subject,
  status: job.status,
  done: job.done,
  total: job.total,
  /** 0..1; a job with nothing to do is complete. */
  progress: job.total === 0 ? (job.status === 'done' ? 1 : 0) : Math.min(1, job.done / job.total),
  error: job.error,
  startedAt: iso(job.startedAt),
  updatedAt: iso(job.updatedAt),
  finishedAt: iso(job.finishedAt),
})

/**
 * Background jobs: a re-tag of every comment of the project with the current taxonomy and taggers (also
 * started by taxonomy changes), and any job's progress. The server runs them between requests and resumes
 * them after a restart.
 */
export function adminJobRoutes({ database, now }: { database: HeedDatabase; now: () => number }) {
  const app = new Hono<AppEnv>()

  app.post('/retag', async (c) => {
    const job = await startRetag(database, c.get('project').id, now())
    signalJobStarted()
    return c.json({ job: jobJson(job) }, 202)
  })

  app.get('/jobs/:id', async (c) => {
    const job = await findJob(database, c.get('project').id, c.req.param('id'))
    if (!job) throw notFound('job')
    return c.json({ job: jobJson(job) })
  })

  return app
}
