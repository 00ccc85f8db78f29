import type { DialectName } from '../../db/dialect'
import { traitTextSql } from './trait-sql'

/** SQL for an answer's segment value key (see segmentValueKey) from its `traits` snapshot. */
export function traitSnapshotValueKeySql(
  dialect: DialectName,
  trait: string,
): { text: string; parameters: unknown[] } {
  const value = traitTextSql(dialect, trait)
  return { text: `COALESCE('=' || ${value.text}, '')`, parameters: value.parameters }
}
