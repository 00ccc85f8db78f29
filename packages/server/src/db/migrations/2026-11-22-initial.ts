import type { Kysely } from 'kysely'

// Migrations see the database as it was when they were written, never the app's current types.
// biome-ignore lint/suspicious/noExplicitAny: see above
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull().unique())
    .addColumn('allowed_origins', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('recontact_days', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('honor_do_not_track', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('secret_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_hint', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute()
  await db.schema.createIndex('secret_keys_project').on('secret_keys').column('project_id').execute()

  await db.schema
    .createTable('surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('surveys_project_status')
    .on('surveys')
    .columns(['project_id', 'status'])
    .execute()

  await db.schema
    .createTable('displays')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('anonymous_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('url', 'text')
    .addColumn('dismissed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('displays_pk', ['project_id', 'id'])
    .execute()
  await db.schema
    .createIndex('displays_anonymous')
    .on('displays')
    .columns(['project_id', 'anonymous_id'])
    .execute()
  await db.schema.createIndex('displays_person').on('displays').columns(['project_id', 'person_id']).execute()

  await db.schema
    .createTable('responses')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('display_id', 'text')
    .addColumn('anonymous_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('account_id', 'text')
    .addColumn('score', 'integer')
    .addColumn('bucket', 'text')
    .addColumn('comment', 'text')
    .addColumn('locale', 'text')
    .addColumn('url', 'text')
    .addColumn('traits', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('responses_pk', ['project_id', 'id'])
    .execute()
  await db.schema
    .createIndex('responses_survey_time')
    .on('responses')
    .columns(['project_id', 'survey_id', 'created_at'])
    .execute()
  await db.schema
    .createIndex('responses_project_time')
    .on('responses')
    .columns(['project_id', 'created_at'])
    .execute()
  await db.schema
    .createIndex('responses_person')
    .on('responses')
    .columns(['project_id', 'person_id'])
    .execute()
  await db.schema
    .createIndex('responses_account')
    .on('responses')
    .columns(['project_id', 'account_id'])
    .execute()
  await db.schema
    .createIndex('responses_anonymous')
    .on('responses')
    .columns(['project_id', 'anonymous_id'])
    .execute()

  let rollups = db.schema
    .createTable('response_rollups')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('slot', 'bigint', (c) => c.notNull())
    .addColumn('shown', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('dismissed', 'integer', (c) => c.notNull().defaultTo(0))
  for (let score = 0; score <= 10; score++) {
    rollups = rollups.addColumn(`c${score}`, 'integer', (c) => c.notNull().defaultTo(0))
  }
  await rollups.addPrimaryKeyConstraint('response_rollups_pk', ['project_id', 'survey_id', 'slot']).execute()

  await db.schema
    .createTable('events')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('anonymous_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('account_id', 'text')
    .addColumn('session_id', 'text')
    .addColumn('properties', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('url', 'text')
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('events_pk', ['project_id', 'id'])
    .execute()
  await db.schema.createIndex('events_time').on('events').columns(['project_id', 'occurred_at']).execute()
  await db.schema
    .createIndex('events_name_time')
    .on('events')
    .columns(['project_id', 'name', 'occurred_at'])
    .execute()
  await db.schema.createIndex('events_person').on('events').columns(['project_id', 'person_id']).execute()
  await db.schema
    .createIndex('events_anonymous')
    .on('events')
    .columns(['project_id', 'anonymous_id'])
    .execute()

  await db.schema
    .createTable('accounts')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('traits', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('accounts_pk', ['project_id', 'id'])
    .execute()

  await db.schema
    .createTable('persons')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('traits', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('persons_pk', ['project_id', 'id'])
    .execute()
  await db.schema.createIndex('persons_account').on('persons').columns(['project_id', 'account_id']).execute()

  await db.schema
    .createTable('person_aliases')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('anonymous_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('person_aliases_pk', ['project_id', 'anonymous_id'])
    .execute()
  await db.schema
    .createIndex('person_aliases_person')
    .on('person_aliases')
    .columns(['project_id', 'person_id'])
    .execute()
}
