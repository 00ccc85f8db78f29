import { type RawBuilder, sql } from 'kysely'
import type { DialectName } from '../../db/dialect'
import { TRAIT_NAME } from '../score-queries'

/**
 * A trait of the account (joined as `accounts`) as text, NULL when absent or null; booleans read 'true' and
 * 'false' on both dialects. `trait` must match TRAIT_NAME: in SQLite it is quoted into a JSON path.
 */
export function accountTrait(dialect: DialectName, trait: string): RawBuilder<string | null> {
  if (!TRAIT_NAME.test(trait)) throw new RangeError(`invalid trait name ${trait}`)
  if (dialect === 'postgres') return sql`(accounts.traits::jsonb ->> ${trait}::text)`
  const path = `$."${trait}"`
  return sql`CASE json_type(accounts.traits, ${path}) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'
    ELSE CAST(json_extract(accounts.traits, ${path}) AS TEXT) END`
}
