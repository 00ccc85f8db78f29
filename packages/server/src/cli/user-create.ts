import { ZTeamEmail } from '../routes/admin/team'
import { nameFromEmail } from '../routes/auth/schemas'
import { setPasswordLink } from '../routes/auth/users'
import { listProjects } from '../store/projects'
import { createUser, ROLES, type Role } from '../store/users/users'
import { type Command, CommandFailure, EXIT_OK, parseOptions, UsageError } from './command'
import { openMigrated } from './database'
import { DEFAULT_DATABASE, DEFAULT_HOST, DEFAULT_PORT, databaseSetting } from './settings'

const DEFAULT_URL = `http://${DEFAULT_HOST}:${DEFAULT_PORT}`

export const userCreateCommand: Command = {
  help: `Usage: heed user create --email <email> --role <role> [options]

Adds a person who signs in to the dashboard, and prints a one-time link (valid for 7 days) where they set
their password. Roles: admin (everything, and invites people), member (reads and changes), viewer (reads).

Options:
  --email <email>      their e-mail, which they sign in with (required)
  --role <role>        ${ROLES.join(', ')} (required)
  --name <name>        their name, shown in case histories (default: the e-mail's local part)
  --project <id>       the project they belong to (required when the database has several)
  --url <url>          where the dashboard is reached, for the link (default ${DEFAULT_URL})
  --database <target>  SQLite file, or a postgres:// URL  (env HEED_DATABASE, then DATABASE_URL,
                                                            default ${DEFAULT_DATABASE})
  --json               print {id, email, role, projectId, setPasswordUrl} as JSON
  -h, --help           show this help
`,
  async run(args, { env, stdout }) {
    const options = parseOptions(args, {
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      project: { type: 'string' },
      url: { type: 'string' },
      database: { type: 'string' },
      json: { type: 'boolean' },
    })
    if (options.help) {
      stdout.write(userCreateCommand.help)
      return EXIT_OK
    }
    const email = ZTeamEmail.safeParse(options.email ?? '')
    if (!email.success)
      throw new UsageError(
        '--email must be an e-mail address: heed user create --email ann@example.com --role member',
      )
    const role = options.role as Role
    if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`)
    const url = (options.url ?? DEFAULT_URL).replace(/\/+$/, '')
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw new UsageError(`--url must be an http(s) URL such as https://heed.example.com, got '${url}'`)
    }
    const name = options.name?.trim() || nameFromEmail(email.data)

    const { database } = await openMigrated(databaseSetting(options.database, env))
    try {
      const projects = await listProjects(database)
      const project =
        options.project === undefined
          ? projects.length === 1
            ? projects[0]
            : undefined
          : projects.find((p) => p.id === options.project)
      if (!project) {
        throw new CommandFailure(
          options.project === undefined
            ? `the database has ${projects.length} projects: name one with --project (${projects.map((p) => p.id).join(', ') || 'create one first with heed project create'})`
            : `no project ${options.project} in ${database.location}`,
        )
      }
      const created = await createUser(
        database,
        { projectId: project.id, email: email.data, name, role },
        Date.now(),
      )
      if (created.outcome === 'email_taken') throw new CommandFailure(`${email.data} already has an account`)
      const link = setPasswordLink(url, created.token)
      if (options.json) {
        const { id, projectId } = created.user
        stdout.write(`${JSON.stringify({ id, email: email.data, role, projectId, setPasswordUrl: link })}\n`)
      } else {
        stdout.write(
          [
            `Added ${email.data} (${role}) to project "${project.name}".`,
            '',
            `  Set-password link  ${link}`,
            '',
            'The link works once, for 7 days. Send it to them privately; it is not shown again.',
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
