import type { Kysely } from 'kysely'

// Follow-up cases: one per detractor response, with its history and notes, and the team cases go to.
// Dated the 23rd because Kysely runs migrations in name order: '2026-11-22-follow-up-cases' would sort before
// '2026-11-22-initial' and alter `projects` before it exists.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database as it was, not the app's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('projects')
    .addColumn('follow_up_sla_hours', 'integer', (c) => c.notNull().defaultTo(48))
    .execute()

  await db.schema
    .createTable('cases')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('response_id', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('root_cause', 'text')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('first_contact_at', 'bigint')
    .addColumn('resolved_at', 'bigint')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('cases_pk', ['project_id', 'id'])
    // One case per response, whatever retries and concurrent updates of the response do.
    .addUniqueConstraint('cases_response', ['project_id', 'response_id'])
    .execute()
  // The queue is read by due time, whole or by status.
  await db.schema.createIndex('cases_due').on('cases').columns(['project_id', 'due_at', 'id']).execute()
  await db.schema
    .createIndex('cases_status_due')
    .on('cases')
    .columns(['project_id', 'status', 'due_at'])
    .execute()
  await db.schema
    .createIndex('cases_owner_due')
    .on('cases')
    .columns(['project_id', 'owner', 'due_at'])
    .execute()

  await db.schema
    .createTable('case_events')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('case_id', 'text', (c) => c.notNull())
    // The case's version the change made: the fields changed together share it.
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('from_value', 'text', (c) => c.notNull())
    .addColumn('to_value', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_events_pk', ['project_id', 'case_id', 'version', 'field'])
    .execute()

  await db.schema
    .createTable('case_notes')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_notes_pk', ['project_id', 'id'])
    .execute()
  await db.schema
    .createIndex('case_notes_case')
    .on('case_notes')
    .columns(['project_id', 'case_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('team_members')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    // Round robin: the active member with the lowest turn gets the next case, then goes last.
    .addColumn('turn', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('team_members_pk', ['project_id', 'email'])
    .execute()
}
