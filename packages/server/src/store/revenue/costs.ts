import type { MonthlyCosts } from '@heed/shared/revenue/economics'
import type { HeedDatabase } from '../../db/open'
import type { ReadDatabase } from './read-database'

/** Sets (or replaces) one month's costs. */
export async function putCosts(
  database: HeedDatabase,
  projectId: string,
  month: string,
  costs: MonthlyCosts,
  now: number,
): Promise<void> {
  const values = {
    sales_and_marketing: costs.salesAndMarketing,
    customer_success: costs.customerSuccess,
    support: costs.support,
    product_development: costs.productDevelopment,
    gross_margin_basis_points: costs.grossMarginBasisPoints,
    updated_at: now,
  }
  await database.db
    .insertInto('revenue_costs')
    .values({ project_id: projectId, month, ...values })
    .onConflict((conflict) => conflict.columns(['project_id', 'month']).doUpdateSet(values))
    .execute()
}

/** The costs of the months given, by month; months without costs are absent. */
export async function costsOf(
  database: ReadDatabase,
  projectId: string,
  months: readonly string[],
): Promise<Map<string, MonthlyCosts>> {
  if (months.length === 0) return new Map()
  const rows = await database.reads
    .selectFrom('revenue_costs')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('month', 'in', months)
    .execute()
  return new Map(
    rows.map((row) => [
      row.month,
      {
        salesAndMarketing: Number(row.sales_and_marketing),
        customerSuccess: Number(row.customer_success),
        support: Number(row.support),
        productDevelopment: Number(row.product_development),
        grossMarginBasisPoints: Number(row.gross_margin_basis_points),
      },
    ]),
  )
}
