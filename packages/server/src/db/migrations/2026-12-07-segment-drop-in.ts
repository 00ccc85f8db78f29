import type { Kysely } from 'kysely'

// What Segment and RudderStack libraries send that Heed now keeps: the context of an event (who sent it
// with what, from which campaign and page), traits of people known only by an anonymous id, and the
// messages of a batch that were refused, for admins to see.

/** The context fields of events that can be filtered on; every one is optional. */
const EVENT_CONTEXT_COLUMNS = [
  'user_agent',
  'locale',
  'library',
  'utm_campaign',
  'utm_source',
  'utm_medium',
  'page_path',
  'referrer',
  'title',
] as const

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database as it was, not the app's types
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of EVENT_CONTEXT_COLUMNS) {
    await db.schema.alterTable('events').addColumn(column, 'text').execute()
  }

  await db.schema
    .createTable('anonymous_traits')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('anonymous_id', 'text', (c) => c.notNull())
    .addColumn('traits', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('account_id', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('anonymous_traits_pk', ['project_id', 'anonymous_id'])
    .execute()

  await db.schema
    .createTable('ingest_errors')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('message_index', 'integer')
    .addColumn('message_id', 'text')
    .addColumn('message_type', 'text')
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ingest_errors_pk', ['project_id', 'id'])
    .execute()
}
