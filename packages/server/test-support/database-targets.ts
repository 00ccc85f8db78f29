import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import type { DialectName } from '../src/db/dialect'
import { testDialects } from './dialects'
import { createDatabase, dropDatabase } from './postgres-server'

export interface DatabaseTarget {
  name: DialectName
  /** A new, empty database as the command line names it: a file path or a postgres:// URL. */
  create(): Promise<{ target: string; remove(): Promise<void> }>
}

/** For tests of the command line, which opens databases itself: the dialects this run covers. */
export function databaseTargets(): DatabaseTarget[] {
  const postgresUrl = inject('postgresUrl')
  const targets: DatabaseTarget[] = []
  for (const name of testDialects()) {
    if (name === 'sqlite') targets.push({ name, create: async () => sqliteTarget() })
    else if (postgresUrl) targets.push({ name, create: () => postgresTarget(postgresUrl) })
  }
  return targets
}

function sqliteTarget() {
  const folder = mkdtempSync(join(tmpdir(), 'heed-cli-'))
  return {
    target: join(folder, 'heed.db'),
    remove: async () => rmSync(folder, { recursive: true, force: true }),
  }
}

async function postgresTarget(adminUrl: string) {
  const name = `heed_cli_${randomBytes(6).toString('hex')}`
  return { target: await createDatabase(adminUrl, name), remove: () => dropDatabase(adminUrl, name) }
}
