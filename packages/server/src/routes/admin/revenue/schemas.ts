import { CURRENCY_CODE, RATE_TEXT } from '@heed/shared/revenue/currency'
import { REVENUE_STATUSES } from '@heed/shared/revenue/ledger'
import { ZAccountId, ZServerId } from '@heed/shared/schemas/ids'
import { LIMITS } from '@heed/shared/schemas/limits'
import { ZTimestamp } from '@heed/shared/schemas/timestamp'
import { z } from 'zod'

/** Changes one call (or one CSV chunk) may hold. */
export const MAX_CHANGES = 1_000

const ZInstant = ZTimestamp.transform((text) => Date.parse(text))

export const ZCurrency = z
  .string()
  .regex(CURRENCY_CODE, 'must be an ISO 4217 code of three capital letters, e.g. EUR')

/** A month as 'YYYY-MM'. */
export const ZMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month as 'YYYY-MM', e.g. 2026-11")

/** One ledger change as the API and the CSV import take it. `mrr: 0` or status `canceled` means it stopped paying. */
export const ZRevenueChangeInput = z.strictObject({
  id: ZServerId.optional(),
  accountId: ZAccountId,
  at: ZInstant,
  mrr: z
    .number({ error: 'must be a whole number of minor units (cents), e.g. 4900 for 49.00' })
    .int('must be a whole number of minor units (cents), e.g. 4900 for 49.00')
    .min(0)
    .max(Number.MAX_SAFE_INTEGER),
  currency: ZCurrency,
  plan: z.string().trim().min(1).max(LIMITS.name).optional(),
  status: z.enum(REVENUE_STATUSES).default('active'),
  renewsAt: ZInstant.optional(),
})
export type TRevenueChangeInput = z.output<typeof ZRevenueChangeInput>

export const ZRevenueChanges = z.strictObject({
  changes: z.array(ZRevenueChangeInput).min(1).max(MAX_CHANGES),
})

export const ZRatesPut = z.strictObject({
  rates: z
    .array(
      z.strictObject({
        currency: ZCurrency,
        month: ZMonth,
        rate: z
          .string()
          .regex(RATE_TEXT, 'must be a positive decimal of at most 15 digits as text, e.g. "1.0845"'),
      }),
    )
    .min(1)
    .max(MAX_CHANGES),
})

export const ZRevenueSettings = z.strictObject({ reportingCurrency: ZCurrency })
