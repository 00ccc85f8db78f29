import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../../db/open'
import type { AppEnv } from '../../../env'
import { invalidField, notFound } from '../../../errors'
import type { CsvCell } from '../../../http/csv/encode'
import { keysetPages } from '../../../http/csv/keyset-pages'
import { csvStream } from '../../../http/csv/stream'
import { readQuery } from '../../../http/read-query'
import { accountPosition, listAccountSummaries } from '../../../store/accounts/list'
import { isOverdue, listCases } from '../../../store/case-queries'
import { listEvents } from '../../../store/event-queries'
import { listPersons } from '../../../store/people-queries'
import { listResponses } from '../../../store/response-queries'
import { ACCOUNT_LIST_REPEATABLE, listOptionsOf } from '../accounts'
import { accountFilterOf, ZAccountListQuery } from '../accounts/list-query'
import { readCaseListQuery } from '../cases'
import { ZEventListQuery } from '../events'
import { ZPersonListQuery } from '../people'
import { takeTraitFilters, ZResponseListQuery } from '../responses'
import {
  ACCOUNT_COLUMNS,
  CASE_COLUMNS,
  type Column,
  EVENT_COLUMNS,
  PERSON_COLUMNS,
  RESPONSE_COLUMNS,
} from './columns'

export const EXPORT_KINDS = ['responses', 'cases', 'accounts', 'people', 'events'] as const
export type ExportKind = (typeof EXPORT_KINDS)[number]

/** The parameters an export takes beside its list's filters. */
const ZExportOptions = z.strictObject({ bom: z.enum(['0', '1']).optional() })
/** Paging belongs to the lists; an export always holds every matching row. */
const PAGING = ['limit', 'cursor'] as const

interface ExportPlan {
  header: readonly string[]
  pages: AsyncIterable<readonly (readonly CsvCell[])[]>
}

/** Rows of records as cells, page by page. */
async function* cellsOf<Row>(
  pages: AsyncIterable<readonly Row[]>,
  columns: readonly Column<Row>[],
): AsyncGenerator<readonly (readonly CsvCell[])[]> {
  for await (const rows of pages) yield rows.map((row) => columns.map(([, cell]) => cell(row)))
}

const plan = <Row>(columns: readonly Column<Row>[], pages: AsyncIterable<readonly Row[]>): ExportPlan => ({
  header: columns.map(([header]) => header),
  pages: cellsOf(pages, columns),
})

/** The calendar date in the project's zone, for the file name. */
const dateIn = (at: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)

/**
 * CSV exports of the admin lists: `GET /exports/<kind>` takes the list's own filters and streams every
 * matching row (RFC 4180, UTF-8, `bom=1` for Excel) page by page from the database. See http/csv for the
 * encoding and the neutralising of cells a spreadsheet would run as formulas.
 */
export function adminExportRoutes({
  database,
  now,
}: {
  database: HeedDatabase
  now: () => number
}): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/:kind', async (c) => {
    const kind = c.req.param('kind')
    if (!(EXPORT_KINDS as readonly string[]).includes(kind)) throw notFound(`export ${kind}`)
    const project = c.get('project')
    const projectId = project.id
    const { bom: bomValues, ...parameters } = c.req.queries()
    for (const name of PAGING) {
      if (parameters[name] !== undefined) {
        throw invalidField(name, 'is not taken by an export, which holds every matching row', 'invalid_query')
      }
    }
    const { bom } = readQuery(bomValues ? { bom: bomValues } : {}, ZExportOptions)
    const at = now()
    let exported: ExportPlan
    switch (kind as ExportKind) {
      case 'responses': {
        const { traits, rest } = takeTraitFilters(parameters)
        const { limit: _l, cursor: _c, bucket, ...filter } = readQuery(rest, ZResponseListQuery, ['bucket'])
        exported = plan(
          RESPONSE_COLUMNS,
          keysetPages(
            (page) => listResponses(database, projectId, { ...filter, buckets: bucket, traits }, page),
            (row) => ({ at: row.createdAt, id: row.id }),
          ),
        )
        break
      }
      case 'cases': {
        const { filter } = await readCaseListQuery(database, projectId, parameters)
        exported = plan(
          CASE_COLUMNS,
          keysetPages(
            async (page) =>
              (await listCases(database, projectId, filter, page, at)).map((record) => ({
                ...record,
                overdue: isOverdue(record, at),
              })),
            (row) => ({ at: row.dueAt, id: row.id }),
          ),
        )
        break
      }
      case 'people': {
        const { limit: _l, cursor: _c, ...filter } = readQuery(parameters, ZPersonListQuery)
        exported = plan(
          PERSON_COLUMNS,
          keysetPages(
            (page) => listPersons(database, projectId, filter, page),
            (row) => ({ at: row.lastSeen, id: row.id }),
          ),
        )
        break
      }
      case 'events': {
        const { limit: _l, cursor: _c, ...filter } = readQuery(parameters, ZEventListQuery)
        exported = plan(
          EVENT_COLUMNS,
          keysetPages(
            (page) => listEvents(database, projectId, filter, page),
            (row) => ({ at: row.occurredAt, id: row.id }),
          ),
        )
        break
      }
      case 'accounts': {
        const query = readQuery(parameters, ZAccountListQuery, ACCOUNT_LIST_REPEATABLE)
        const options = listOptionsOf(query, at, project.timeZone)
        exported = plan(
          ACCOUNT_COLUMNS,
          keysetPages(
            (page) => listAccountSummaries(database, projectId, accountFilterOf(query), options, page),
            accountPosition,
          ),
        )
        break
      }
    }
    const filename = `heed-${kind}-${dateIn(at, project.timeZone)}.csv`
    return new Response(csvStream({ ...exported, bom: bom === '1' }), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
        'Cache-Control': 'no-store',
      },
    })
  })

  return app
}
