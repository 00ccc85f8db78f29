import { convertMinor, type ExchangeRate, parseRate } from '@heed/shared/revenue/currency'
import type { ReadDatabase } from './read-database'

/**
 * A project's exchange rates, each currency's months ascending. A period converts with the rate of its last
 * month, or the latest month before it that has one (see docs/metrics.md#revenue).
 */
export class ExchangeRates {
  private constructor(
    readonly reporting: string,
    private readonly byCurrency: Map<string, { month: string; rate: ExchangeRate }[]>,
  ) {}

  static async load(database: ReadDatabase, projectId: string, reporting: string): Promise<ExchangeRates> {
    const rows = await database.reads
      .selectFrom('revenue_rates')
      .select(['currency', 'month', 'rate'])
      .where('project_id', '=', projectId)
      .orderBy('currency')
      .orderBy('month')
      .execute()
    const byCurrency = new Map<string, { month: string; rate: ExchangeRate }[]>()
    for (const row of rows) {
      const months = byCurrency.get(row.currency) ?? []
      months.push({ month: row.month, rate: parseRate(row.rate) })
      byCurrency.set(row.currency, months)
    }
    return new ExchangeRates(reporting, byCurrency)
  }

  /**
   * `mrr` of `currency` in the reporting currency at the rate of `month` ('YYYY-MM') or the latest before it.
   * The ledger refuses a change without a rate for its own month, so a missing rate here is a bug.
   */
  convert(mrr: number, currency: string, month: string): number {
    if (mrr === 0 || currency === this.reporting) return mrr
    const months = this.byCurrency.get(currency) ?? []
    let rate: ExchangeRate | undefined
    for (const entry of months) {
      if (entry.month > month) break
      rate = entry.rate
    }
    if (!rate) throw new Error(`no ${currency} rate at or before ${month}`)
    return convertMinor(mrr, currency, this.reporting, rate)
  }
}
