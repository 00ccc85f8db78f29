import type { Kysely } from 'kysely'

// Persons and accounts are listed most recently seen first, a page at a time: without these, every page
// of a large project would sort all of its persons.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database as it was, not the app's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('persons_last_seen')
    .on('persons')
    .columns(['project_id', 'last_seen', 'id'])
    .execute()
  await db.schema
    .createIndex('accounts_last_seen')
    .on('accounts')
    .columns(['project_id', 'last_seen', 'id'])
    .execute()
}
