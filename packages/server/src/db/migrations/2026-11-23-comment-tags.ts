import type { Kysely } from 'kysely'

// Comment tags (language, sentiment, themes, and which of them a person corrected), each project's own
// themes, and the jobs that re-tag a project's comments in the background.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database as it was, not the app's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('response_tags')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('response_id', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('und'))
    .addColumn('supported', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sentiment', 'text')
    .addColumn('sentiment_score', 'real')
    .addColumn('themes', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('sentiment_corrected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('themes_corrected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('corrected_by', 'text')
    .addColumn('tagger_version', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('response_tags_pk', ['project_id', 'response_id'])
    .execute()

  await db.schema
    .createTable('taxonomy_themes')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('keywords', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('phrases', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('excludes', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('custom', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('taxonomy_themes_pk', ['project_id', 'key'])
    .execute()

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // The last item done, in the job's order: a restarted server goes on after it.
    .addColumn('cursor', 'text')
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute()
  // Workers look for running jobs of any project; a project has at most one running job of a kind.
  await db.schema.createIndex('jobs_status').on('jobs').columns(['status', 'updated_at']).execute()
  await db.schema.createIndex('jobs_project').on('jobs').columns(['project_id', 'kind', 'status']).execute()
}
