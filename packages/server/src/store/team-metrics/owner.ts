import { type RawBuilder, sql } from 'kysely'
import type { DialectName } from '../../db/dialect'
import { OWNER_TRAIT } from '../accounts/list'
import { accountTrait } from '../revenue/account-trait'

/** The CS manager of the account joined as `accounts`: its `owner` trait, trimmed and lower-cased; NULL when none. */
export const ownerOf = (dialect: DialectName): RawBuilder<string | null> =>
  sql<string | null>`NULLIF(LOWER(TRIM(${accountTrait(dialect, OWNER_TRAIT)})), '')`
