import type { HeedDatabase } from '../../db/open'
import { query } from '../../db/work'
import type { ReadDatabase } from './read-database'

export interface ReportNote {
  section: string
  text: string
  author: string
  updatedAt: number
}

/** Sets the given sections' notes of a month's report (others are left as they are), in one transaction. */
export function putReportNotes(
  database: HeedDatabase,
  projectId: string,
  month: string,
  notes: readonly { section: string; text: string }[],
  author: string,
  now: number,
): Promise<void> {
  return database.transact(function* () {
    for (const note of notes) {
      yield* query(
        `INSERT INTO report_notes (project_id, month, section, text, author, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (project_id, month, section) DO UPDATE SET text = excluded.text, author = excluded.author,
         updated_at = excluded.updated_at`,
        [projectId, month, note.section, note.text, author, now],
      )
    }
  })
}

export async function listReportNotes(
  database: ReadDatabase,
  projectId: string,
  month: string,
): Promise<ReportNote[]> {
  const rows = await database.reads
    .selectFrom('report_notes')
    .select(['section', 'text', 'author', 'updated_at'])
    .where('project_id', '=', projectId)
    .where('month', '=', month)
    .orderBy('section')
    .execute()
  return rows.map((row) => ({
    section: row.section,
    text: row.text,
    author: row.author,
    updatedAt: Number(row.updated_at),
  }))
}
