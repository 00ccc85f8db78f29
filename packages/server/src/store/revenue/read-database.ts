import type { HeedDatabase } from '../../db/open'

/** What the revenue queries need: a Kysely instance and its dialect (a reader pool's connection will do). */
export type ReadDatabase = Pick<HeedDatabase, 'db' | 'dialect'>
