import type { HeedDatabase } from '../../db/open'

/**
 * What the revenue queries need: the analytics reads' Kysely (reader threads on SQLite, the read pool on
 * PostgreSQL, so a report never holds the thread that serves HTTP) and its dialect. Reads only.
 */
export type ReadDatabase = Pick<HeedDatabase, 'reads' | 'dialect'>
