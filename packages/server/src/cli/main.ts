// The `heed` command line: `heed <command> [options]`. Run through bin/heed.js (or `pnpm run heed`).
import {
  type Command,
  type CommandContext,
  CommandFailure,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  UsageError,
} from './command'

interface CommandEntry {
  /** The words that select it: 'start', 'project create'. */
  name: string
  summary: string
  load(): Promise<Command>
}

/** Each command's module loads when it runs, so `heed --help` does not wait for the server and its drivers. */
const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'start',
    summary: 'migrate the database, then serve the ingest and admin API',
    load: async () => (await import('./start')).startCommand,
  },
  {
    name: 'migrate',
    summary: 'bring the database schema up to date',
    load: async () => (await import('./migrate')).migrateCommand,
  },
  {
    name: 'project create',
    summary: 'create a project and print its keys',
    load: async () => (await import('./project-create')).projectCreateCommand,
  },
  {
    name: 'user create',
    summary: 'add a person who signs in to the dashboard; prints their set-password link',
    load: async () => (await import('./user-create')).userCreateCommand,
  },
  {
    name: 'import revenue',
    summary: 'add a CSV file of MRR changes to a project, all or nothing',
    load: async () => (await import('./import-revenue')).importRevenueCommand,
  },
  {
    name: 'demo',
    summary: 'seed a demo project on its own database, then serve it',
    load: async () => (await import('./demo')).demoCommand,
  },
]

const USAGE = `Usage: heed <command> [options]

Heed serves in-app NPS, CSAT and CES surveys, product-usage events, and their analytics.

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(16)}${command.summary}`).join('\n')}

Run 'heed <command> --help' for a command's options.
Exit codes: 0 success, 1 failure, 2 wrong usage.
`

/** The command named by the first words of `args`, and the arguments after those words. */
function findCommand(args: string[]): { command: CommandEntry; rest: string[] } | undefined {
  for (const command of COMMANDS) {
    const words = command.name.split(' ')
    if (words.every((word, i) => args[i] === word)) return { command, rest: args.slice(words.length) }
  }
  return undefined
}

async function main(args: string[], context: CommandContext): Promise<number> {
  const [first] = args
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    ;(first === undefined ? context.stderr : context.stdout).write(USAGE)
    return first === undefined ? EXIT_USAGE : EXIT_OK
  }
  const found = findCommand(args)
  if (!found) {
    const known = COMMANDS.filter((command) => command.name.startsWith(`${first} `)).map((c) => c.name)
    const second = args[1]
    const words = known.length > 0 && second && !second.startsWith('-') ? [first, second] : [first]
    const hint =
      known.length > 0 ? `: did you mean ${known.map((name) => `'heed ${name}'`).join(' or ')}?` : ''
    context.stderr.write(`heed: unknown command '${words.join(' ')}'${hint}\n\n${USAGE}`)
    return EXIT_USAGE
  }
  const { command, rest } = found
  try {
    return await (await command.load()).run(rest, context)
  } catch (error) {
    if (error instanceof UsageError) {
      context.stderr.write(
        `heed ${command.name}: ${error.message}\nRun 'heed ${command.name} --help' for its options.\n`,
      )
      return EXIT_USAGE
    }
    if (error instanceof CommandFailure) {
      context.stderr.write(`heed ${command.name}: ${error.message}\n`)
      return EXIT_FAILURE
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
    context.stderr.write(`heed ${command.name}: unexpected error\n${detail}\n`)
    return EXIT_FAILURE
  }
}

process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
})
