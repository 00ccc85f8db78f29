import type { DialectName } from '../../db/dialect'

/** Trait names a segment or breakdown accepts: they go into an SQLite JSON path, so no quotes or other syntax. */
export const TRAIT_NAME = /^[A-Za-z0-9_.-]{1,100}$/

/**
 * A trait of the `traits` snapshot as text, NULL when absent or null, as SQL with its parameters.
 * SQLite's json_extract gives true as 1, so booleans are spelled out to read as PostgreSQL's ->> gives
 * them. On SQLite the name is quoted into the path, which is safe because valid names hold no quotes.
 */
export function traitTextSql(dialect: DialectName, trait: string): { text: string; parameters: unknown[] } {
  if (!TRAIT_NAME.test(trait)) throw new RangeError(`invalid trait name ${trait}`)
  if (dialect === 'postgres') return { text: '(traits::jsonb ->> ?::text)', parameters: [trait] }
  const path = `'$."${trait}"'`
  return {
    text: `CASE json_type(traits, ${path}) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'
    ELSE CAST(json_extract(traits, ${path}) AS TEXT) END`,
    parameters: [],
  }
}
