import { migrateToLatest } from '../db/migrate'
import { type HeedDatabase, type OpenOptions, openDatabase } from '../db/open'
import { CommandFailure } from './command'

/**
 * Opens the database and brings its schema up to date, returning the migrations that ran. Errors become
 * one line naming the database by its log-safe location (a PostgreSQL URL without its password).
 */
export async function openMigrated(
  target: string,
  options: OpenOptions = {},
): Promise<{ database: HeedDatabase; applied: string[] }> {
  let database: HeedDatabase
  try {
    database = openDatabase(target, options)
  } catch (error) {
    // A URL may carry a password, and the database's redacted location is not known yet.
    const named = /^postgres(ql)?:\/\//.test(target) ? 'PostgreSQL database' : `database ${target}`
    throw new CommandFailure(`cannot open the ${named}: ${messageOf(error)}`)
  }
  try {
    return { database, applied: await migrateToLatest(database) }
  } catch (error) {
    await database.close().catch(() => {})
    throw new CommandFailure(`cannot migrate the database ${database.location}: ${messageOf(error)}`)
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))
