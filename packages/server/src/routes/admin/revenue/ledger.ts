import { parseRate } from '@heed/shared/revenue/currency'
import { Hono } from 'hono'
import type { HeedDatabase } from '../../../db/open'
import type { AppEnv } from '../../../env'
import { invalidField, notFound } from '../../../errors'
import { limitBody } from '../../../http/body-limit'
import { readBody } from '../../../http/read-body'
import { listAccountChanges, type RevenueChange, recordChanges } from '../../../store/revenue/ledger'
import { listRates, putRates } from '../../../store/revenue/rates'
import { reportingCurrency, setReportingCurrency } from '../../../store/revenue/settings'
import { ZRatesPut, ZRevenueChanges, ZRevenueSettings } from './schemas'

// 1,000 changes of a few hundred bytes each.
const MAX_BODY_BYTES = 1024 * 1024

const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString())

export const changeJson = (change: RevenueChange) => ({
  ...change,
  at: iso(change.at),
  renewsAt: iso(change.renewsAt),
})

/** The revenue ledger: MRR changes in, an account's changes out, the reporting currency and exchange rates. */
export function revenueLedgerRoutes({
  database,
  now,
}: {
  database: HeedDatabase
  now: () => number
}): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.post('/revenue/changes', limitBody(MAX_BODY_BYTES), async (c) => {
    const { changes } = readBody(c, ZRevenueChanges)
    const project = c.get('project')
    const outcome = await recordChanges(
      database,
      project.id,
      changes.map((change) => ({
        ...change,
        plan: change.plan ?? null,
        renewsAt: change.renewsAt ?? null,
      })),
      { now: now(), timeZone: project.timeZone },
    )
    return c.json(outcome, outcome.created > 0 ? 201 : 200)
  })

  app.get('/accounts/:id/revenue', async (c) => {
    const projectId = c.get('project').id
    const changes = await listAccountChanges(database, projectId, c.req.param('id'))
    if (changes.length === 0) throw notFound('revenue of this account')
    return c.json({ accountId: c.req.param('id'), changes: changes.map(changeJson) })
  })

  app.get('/revenue/settings', async (c) =>
    c.json({ reportingCurrency: await reportingCurrency(database, c.get('project').id) }),
  )

  app.put('/revenue/settings', limitBody(4096), async (c) => {
    const { reportingCurrency: currency } = readBody(c, ZRevenueSettings)
    await setReportingCurrency(database, c.get('project').id, currency)
    return c.json({ reportingCurrency: currency })
  })

  app.get('/revenue/rates', async (c) => c.json({ rates: await listRates(database, c.get('project').id) }))

  app.put('/revenue/rates', limitBody(MAX_BODY_BYTES), async (c) => {
    const { rates } = readBody(c, ZRatesPut)
    const projectId = c.get('project').id
    const reporting = await reportingCurrency(database, projectId)
    for (const [index, rate] of rates.entries()) {
      if (rate.currency === reporting) {
        throw invalidField(`rates.${index}.currency`, `is the reporting currency, whose rate is always 1`)
      }
      try {
        parseRate(rate.rate)
      } catch {
        throw invalidField(
          `rates.${index}.rate`,
          'must be a positive decimal of at most 15 significant digits',
        )
      }
    }
    await putRates(database, projectId, rates, now())
    return c.json({ rates: await listRates(database, projectId) })
  })

  return app
}
