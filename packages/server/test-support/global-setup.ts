// Vitest globalSetup for the server package: decides once per run whether the PostgreSQL half of the
// storage tests runs, and against which server. Test files read the answer with inject('postgresUrl').
import type { TestProject } from 'vitest/node'
import { testDialects } from './dialects'
import { startPostgres } from './postgres-server'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of a PostgreSQL server for this run, or null when PostgreSQL tests are skipped. */
    postgresUrl: string | null
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dialects = testDialects()
  if (!dialects.includes('postgres')) {
    project.provide('postgresUrl', null)
    return async () => {}
  }

  // A server someone else runs (CI service, a developer's own) is used as is and left running.
  const external = process.env.HEED_TEST_DATABASE_URL
  if (external) {
    project.provide('postgresUrl', external)
    return async () => {}
  }

  try {
    const server = await startPostgres()
    project.provide('postgresUrl', server.url)
    return () => server.stop()
  } catch (error) {
    // CI must prove both dialects: a green run that quietly skipped PostgreSQL would prove nothing.
    if (process.env.CI === 'true') throw error
    warnSkipped(error)
    project.provide('postgresUrl', null)
    return async () => {}
  }
}

function warnSkipped(error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error)
  const rule = '!'.repeat(78)
  process.stderr.write(
    [
      '',
      rule,
      '!!  PostgreSQL TESTS ARE SKIPPED: only SQLite is being tested in this run.',
      '!!  Could not start a PostgreSQL server. Fix it with one of:',
      '!!    - install the server (Debian: apt-get install postgresql), or set PG_BIN to its bin folder',
      '!!    - point HEED_TEST_DATABASE_URL at a running server (postgres://user@host:port/db)',
      '!!    - or say so on purpose: HEED_TEST_DIALECTS=sqlite',
      '!!  (With CI=true this is an error, not a skip.)',
      '!!  Reason:',
      ...reason.split('\n').map((line) => `!!    ${line}`),
      rule,
      '',
      '',
    ].join('\n'),
  )
}
