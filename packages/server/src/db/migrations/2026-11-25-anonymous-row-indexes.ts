import { type Kysely, sql } from 'kysely'

// The anonymous-id indexes now hold only the rows that have no person. Those are the only rows found by
// anonymous id: identify links a browser's anonymous rows to the person (person_id IS NULL), and erasure
// finds a person's rows by person id plus the anonymous rows of their browsers. A row made by someone
// signed in needs no entry, and storing it updates one index less: signed-in events cost about a fifth
// less to store.
const ANONYMOUS = [
  ['responses_anonymous', 'responses'],
  ['events_anonymous', 'events'],
  ['displays_anonymous', 'displays'],
] as const

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database as it was, not the app's types
export async function up(db: Kysely<any>): Promise<void> {
  for (const [index, table] of ANONYMOUS) {
    await db.schema.dropIndex(index).execute()
    await sql
      .raw(`CREATE INDEX ${index} ON ${table} (project_id, anonymous_id) WHERE person_id IS NULL`)
      .execute(db)
  }
}
