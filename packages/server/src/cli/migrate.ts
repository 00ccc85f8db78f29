import { type Command, EXIT_OK, parseOptions } from './command'
import { openMigrated } from './database'
import { DEFAULT_DATABASE, databaseSetting } from './settings'

export const migrateCommand: Command = {
  help: `Usage: heed migrate [options]

Runs the migrations the database has not had yet and prints their names. \`heed start\` does this too;
run it on its own to upgrade before starting several servers against one PostgreSQL database.

Options:
  --database <target>  SQLite file, or a postgres:// URL  (env HEED_DATABASE, then DATABASE_URL,
                                                            default ${DEFAULT_DATABASE})
  -h, --help           show this help
`,
  async run(args, { env, stdout }) {
    const options = parseOptions(args, { database: { type: 'string' } })
    if (options.help) {
      stdout.write(migrateCommand.help)
      return EXIT_OK
    }
    const { database, applied } = await openMigrated(databaseSetting(options.database, env))
    try {
      if (applied.length === 0) stdout.write(`${database.location} is up to date: no migrations to run.\n`)
      else {
        stdout.write(`Migrated ${database.location}:\n`)
        for (const name of applied) stdout.write(`  ran ${name}\n`)
      }
    } finally {
      await database.close()
    }
    return EXIT_OK
  },
}
