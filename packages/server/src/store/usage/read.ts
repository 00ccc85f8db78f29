import { CompiledQuery } from 'kysely'
import type { HeedDatabase } from '../../db/open'

/** Runs a read written with `?` placeholders, as the writes are, on the database's read connections. */
export async function readRows<Row>(
  database: HeedDatabase,
  text: string,
  parameters: readonly unknown[],
): Promise<Row[]> {
  let index = 0
  const compiled = database.dialect === 'postgres' ? text.replace(/\?/g, () => `$${++index}`) : text
  const result = await database.reads.executeQuery<Row>(CompiledQuery.raw(compiled, [...parameters]))
  return result.rows
}
