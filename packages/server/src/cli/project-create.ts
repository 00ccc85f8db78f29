import { isValidTimeZone } from '@heed/shared/periods/time-zone'
import { createProject } from '../store/projects'
import { type Command, EXIT_OK, parseOptions, UsageError } from './command'
import { openMigrated } from './database'
import { DEFAULT_DATABASE, databaseSetting } from './settings'

const MAX_NAME = 200

export const projectCreateCommand: Command = {
  help: `Usage: heed project create --name <name> [options]

Creates a project and prints its id, its public key (for the widget and the ingest API) and its first
secret key (for the admin API). The secret key is stored hashed: it is shown this once only.

Options:
  --name <name>        the project's name (required)
  --origin <origin>    a web origin allowed to call the ingest API from a browser, e.g.
                       https://app.example.com or https://*.example.com; repeat for several
                       (none: any origin)
  --time-zone <zone>   IANA time zone in which days, weeks and months are counted (default UTC)
  --database <target>  SQLite file, or a postgres:// URL  (env HEED_DATABASE, then DATABASE_URL,
                                                            default ${DEFAULT_DATABASE})
  --json               print {id, name, publicKey, secretKey, allowedOrigins, timeZone} as JSON
  -h, --help           show this help
`,
  async run(args, { env, stdout }) {
    const options = parseOptions(args, {
      name: { type: 'string' },
      origin: { type: 'string', multiple: true },
      'time-zone': { type: 'string' },
      database: { type: 'string' },
      json: { type: 'boolean' },
    })
    if (options.help) {
      stdout.write(projectCreateCommand.help)
      return EXIT_OK
    }
    const name = options.name?.trim()
    if (!name) throw new UsageError('--name is required: heed project create --name "My app"')
    if (name.length > MAX_NAME) throw new UsageError(`--name must be at most ${MAX_NAME} characters`)
    const allowedOrigins = (options.origin ?? []).map(checkOrigin)
    const timeZone = options['time-zone'] ?? 'UTC'
    if (!isValidTimeZone(timeZone)) {
      throw new UsageError(`--time-zone must be an IANA time zone such as Europe/Berlin, got '${timeZone}'`)
    }

    const { database } = await openMigrated(databaseSetting(options.database, env))
    try {
      const { project, secretKey } = await createProject(database, { name, allowedOrigins, timeZone })
      // The keys go to the terminal on purpose, for the person who asked; never to the logs.
      if (options.json) {
        const { id, publicKey } = project
        const created = { id, name, publicKey, secretKey, allowedOrigins, timeZone: project.timeZone }
        stdout.write(`${JSON.stringify(created)}\n`)
      } else {
        stdout.write(
          [
            `Created project "${name}" (${project.id}) in ${database.location}`,
            '',
            `  Public key  ${project.publicKey}`,
            '              for the widget and the ingest API; safe to put in web pages',
            `  Secret key  ${secretKey}`,
            '              for the admin API (Authorization: Bearer ...); keep it secret',
            '',
            'The secret key is shown only this once: it is stored hashed. Save it somewhere safe now.',
            '',
          ].join('\n'),
        )
      }
    } finally {
      await database.close()
    }
    return EXIT_OK
  },
}

const WILDCARD_ORIGIN = /^https?:\/\/\*\.[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/

/** `https://host[:port]` exactly as browsers send it in the Origin header, or `https://*.host`. */
function checkOrigin(origin: string): string {
  if (WILDCARD_ORIGIN.test(origin) || isExactOrigin(origin)) return origin
  throw new UsageError(
    `--origin must be a scheme and host without a path, such as https://app.example.com, got '${origin}'`,
  )
}

function isExactOrigin(origin: string): boolean {
  if (!URL.canParse(origin)) return false
  const url = new URL(origin)
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === origin
}
