import { type Kysely, sql } from 'kysely'

// Most answers, displays and events of anonymous visitors have no person, and many have no account: they
// need no entry in the indexes that find rows by person or account, and every insert of one on the ingest
// path updates an index less. Lookups by person or account (person_id = ?, IN …) imply the condition, so
// both SQLite and PostgreSQL still use these indexes for them.
const PARTIAL = [
  ['responses_person', 'responses', 'person_id'],
  ['responses_account', 'responses', 'account_id'],
  ['events_person', 'events', 'person_id'],
  ['displays_person', 'displays', 'person_id'],
] as const

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database as it was, not the app's types
export async function up(db: Kysely<any>): Promise<void> {
  for (const [index, table, column] of PARTIAL) {
    await db.schema.dropIndex(index).execute()
    await sql
      .raw(`CREATE INDEX ${index} ON ${table} (project_id, ${column}) WHERE ${column} IS NOT NULL`)
      .execute(db)
  }
}
