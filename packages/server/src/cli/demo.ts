import { rmSync } from 'node:fs'
import type { HeedDatabase } from '../db/open'
import { defaultReaderCount } from '../db/reader-pool'
import { DEMO_LOGIN, ensureDemoUser } from '../demo/demo-user'
import { DEMO_SIZES, type DemoSize, isDemoSize } from '../demo/plan'
import { type DemoCounts, seedDemo } from '../demo/seed'
import { createLogger } from '../logger'
import { createSecretKey, findProjectBySecretKey, listProjects, type ProjectRecord } from '../store/projects'
import { type Command, CommandFailure, EXIT_OK, parseOptions, UsageError } from './command'
import { openMigrated } from './database'
import { type DemoKeys, demoKeysFile, readDemoKeys, writeDemoKeys } from './demo-keys'
import { count, progressPrinter } from './progress'
import { serveUntilStopped } from './serve'
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  dashboardDirSetting,
  hostSetting,
  logLevelSetting,
  portSetting,
  trustProxySetting,
  webhookBackoffSetting,
  webhookDestinationsSetting,
  widgetDirSetting,
} from './settings'

const DEFAULT_DEMO_DATABASE = './heed-demo.db'

export const demoCommand: Command = {
  help: `Usage: heed demo [options]

Seeds "Acme Analytics", a made-up product with a year of data (200 accounts, about 1,200 people,
5,000 NPS, CSAT and CES answers with comments in six languages, 100,000 usage events) and about three
years of revenue in euros and dollars, consistent with the answers, with the team's goals, into its own
SQLite file, then serves it and prints the URLs and keys to try. The data is the same on every run of
a day. A later run reuses the demo already in the file. /demo is a page of the made-up product that
embeds the widget: its buttons make the demo's surveys appear.

Options:
  --port <n>           port to listen on; 0 picks a free one  (env PORT, default ${DEFAULT_PORT})
  --host <address>     address to listen on                  (env HOST, default ${DEFAULT_HOST})
  --database <file>    the demo's SQLite file                 (default ${DEFAULT_DEMO_DATABASE})
                       Its secret key is kept beside it in <file>.demo.json.
  --fresh              delete the demo's file and seed it again
  --size <size>        full, or small for tests: a fifteenth of the data  (env HEED_DEMO_SIZE,
                       default full)
  --log-level <level>  debug, info, warn, error or silent     (env LOG_LEVEL, default warn)
  --widget-dir <dir>   the widget's build, served at /widget/ (env HEED_WIDGET_DIR, default
                       packages/widget/dist of this workspace)
  -h, --help           show this help
`,
  async run(args, { env, stdout }) {
    const options = parseOptions(args, {
      port: { type: 'string' },
      host: { type: 'string' },
      database: { type: 'string' },
      fresh: { type: 'boolean' },
      size: { type: 'string' },
      'log-level': { type: 'string' },
      'widget-dir': { type: 'string' },
    })
    if (options.help) {
      stdout.write(demoCommand.help)
      return EXIT_OK
    }
    const port = portSetting(options.port, env)
    const host = hostSetting(options.host, env)
    // Request logs would bury the demo's instructions; warnings and errors still show.
    const logger = createLogger(logLevelSetting(options['log-level'], env, 'warn'))
    const size = sizeSetting(options.size ?? env.HEED_DEMO_SIZE)
    const webhookBackoff = webhookBackoffSetting(env)
    const webhookDestinations = webhookDestinationsSetting(undefined, env)
    const widgetDir = widgetDirSetting(options['widget-dir'], env)
    // Deliberately not HEED_DATABASE or DATABASE_URL: those name real data, which the demo must not touch.
    const file = options.database ?? DEFAULT_DEMO_DATABASE
    if (file.trim() === '') throw new UsageError('--database must not be empty')
    if (/^postgres(ql)?:\/\//.test(file)) {
      throw new UsageError('--database must be an SQLite file: the demo keeps its data on its own')
    }

    const keysFile = demoKeysFile(file)
    const keys = readDemoKeys(keysFile)
    let { database } = await openMigrated(file, { writerThread: true, readerThreads: defaultReaderCount() })
    let demo: { project: ProjectRecord; secretKey: string }
    try {
      const existing = await demoProjectIn(database, file, keys?.projectId)
      if (existing && keys?.complete && !options.fresh) {
        stdout.write(`Using the demo already in ${file} (--fresh seeds it again).\n`)
        demo = { project: existing, secretKey: await usableSecretKey(database, existing, keys, keysFile) }
      } else {
        if (existing) {
          // Only the demo's own project is in the file: starting over is deleting it.
          if (!options.fresh) stdout.write('The last seeding was cut short: starting over.\n')
          await database.close()
          for (const path of [file, `${file}-wal`, `${file}-shm`]) rmSync(path, { force: true })
          ;({ database } = await openMigrated(file, {
            writerThread: true,
            readerThreads: defaultReaderCount(),
          }))
        }
        demo = await seed(database, file, size, stdout)
      }
      await ensureDemoUser(database, demo.project.id, Date.now())
    } catch (error) {
      await database.close()
      throw error
    }
    return serveUntilStopped({
      database,
      logger,
      port,
      host,
      webhookDestinations,
      webhookBackoff,
      widgetDir,
      dashboardDir: dashboardDirSetting(env),
      trustProxy: trustProxySetting(env),
      demoProjectId: demo.project.id,
      onListening: (url) => stdout.write(instructions(url, demo.project, demo.secretKey, keysFile)),
    })
  },
}

function sizeSetting(value: string | undefined): DemoSize {
  if (value === undefined) return 'full'
  if (!isDemoSize(value)) {
    throw new UsageError(`--size must be one of ${Object.keys(DEMO_SIZES).join(', ')}, got '${value}'`)
  }
  return value
}

/**
 * The demo's project, if the file holds it. A file that holds any other project is not the demo's: it is
 * refused, so neither seeding nor --fresh ever touches real data.
 */
async function demoProjectIn(
  database: HeedDatabase,
  file: string,
  demoProjectId: string | undefined,
): Promise<ProjectRecord | undefined> {
  const projects = await listProjects(database)
  const demo = projects.find((project) => project.id === demoProjectId)
  const others = projects.filter((project) => project !== demo)
  if (others.length > 0) {
    const names = others.map((project) => `"${project.name}"`).join(', ')
    throw new CommandFailure(
      `${file} holds other projects than the demo's (${names}), so heed demo leaves it alone: choose another --database`,
    )
  }
  return demo
}

/** The remembered secret key, or a new one when it was revoked (through the admin API) since. */
async function usableSecretKey(
  database: HeedDatabase,
  project: ProjectRecord,
  keys: DemoKeys,
  keysFile: string,
): Promise<string> {
  if ((await findProjectBySecretKey(database, keys.secretKey))?.id === project.id) return keys.secretKey
  const { secretKey } = await createSecretKey(database, project.id, 'demo')
  writeDemoKeys(keysFile, { projectId: project.id, secretKey, complete: true })
  return secretKey
}

async function seed(
  database: HeedDatabase,
  file: string,
  size: DemoSize,
  stdout: NodeJS.WriteStream,
): Promise<{ project: ProjectRecord; secretKey: string }> {
  const keysFile = demoKeysFile(file)
  stdout.write(`Seeding a demo project into ${file}\n`)
  const started = performance.now()
  const seeded = await seedDemo(database, {
    size,
    onProgress: progressPrinter(stdout),
    // Written first, unfinished: a run cut short is recognised as the demo's and started over.
    onProjectCreated: (project, secretKey) =>
      writeDemoKeys(keysFile, { projectId: project.id, secretKey, complete: false }),
  })
  writeDemoKeys(keysFile, { projectId: seeded.project.id, secretKey: seeded.secretKey, complete: true })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  stdout.write(`Seeded in ${seconds} s: ${describeCounts(seeded.counts)}.\n`)
  return seeded
}

function describeCounts(counts: DemoCounts): string {
  return [
    `${count(counts.accounts)} accounts`,
    `${count(counts.persons)} people`,
    `${count(counts.responses)} responses (${count(counts.comments)} with comments)`,
    `${count(counts.cases)} follow-up cases`,
    `${count(counts.displays)} displays`,
    `${count(counts.events)} events`,
    `${count(counts.revenueChanges)} revenue changes`,
  ].join(', ')
}

/** What to open and paste. The keys are printed for the person at the terminal, on purpose. */
function instructions(url: string, project: ProjectRecord, secretKey: string, keysFile: string): string {
  return `
Heed demo is running at ${url}  (Ctrl+C stops it)

  Dashboard      ${url}/app/
                 sign in as ${DEMO_LOGIN.email} with the password ${DEMO_LOGIN.password}
  Demo page      ${url}/demo   the widget on a made-up product: click "Export report"
  Health         ${url}/health
  Survey config  ${url}/ingest/v1/config?key=${project.publicKey}
  OpenAPI        ${url}/openapi.json

  Project        ${project.name} (${project.id}), time zone ${project.timeZone}
  Public key     ${project.publicKey}
  Secret key     ${secretKey}
                 demo data only; kept in ${keysFile}

Try the admin API, e.g. the NPS of the last 90 days:
  curl -s -H 'Authorization: Bearer ${secretKey}' '${url}/admin/v1/scores/summary?kind=nps'

`
}
