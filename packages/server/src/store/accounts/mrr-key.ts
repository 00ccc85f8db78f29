import { type RawBuilder, sql } from 'kysely'
import type { ExchangeRates } from '../revenue/exchange'

/** Enough digits that a factor read back from a conversion keeps a minor unit exact on any real MRR. */
const FACTOR_PROBE = 1_000_000_000_000

/**
 * SQL for the reporting-currency MRR of the revenue change joined as `m`, as a sort and filter key: each
 * currency's rate for `month` as a decimal factor, rounded to the minor unit. The money shown comes from
 * ExchangeRates.convert (exact); this key only orders and filters, where a difference of a minor unit on an
 * exact half could at worst move an account across a filter bound set to that very amount.
 */
export function mrrKeySql(
  rates: ExchangeRates,
  currencies: readonly string[],
  month: string,
): RawBuilder<number> {
  const others = currencies.filter((currency) => currency !== rates.reporting)
  const paid = sql`CASE WHEN m.status = 'active' THEN m.mrr ELSE 0 END`
  if (others.length === 0) return sql<number>`${paid}`
  const cases = others.map((currency) => {
    const factor = (rates.convert(FACTOR_PROBE, currency, month) / FACTOR_PROBE).toFixed(12)
    return sql`WHEN ${currency} THEN CAST(ROUND(${paid} * CAST(${sql.lit(factor)} AS NUMERIC)) AS BIGINT)`
  })
  return sql<number>`CASE m.currency ${sql.join(cases, sql` `)} ELSE ${paid} END`
}
