import { periodsInRange } from '@heed/shared/periods/period'
import type { RevenueStatus } from '@heed/shared/revenue/ledger'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'
import { updateProject } from '../projects'
import { ExchangeRates } from './exchange'
import { recordChanges } from './ledger'
import { rebuildMonthTotals } from './month-totals'
import { revenueFigures } from './movements'
import { putRates } from './rates'
import { withdrawChange } from './withdraw'

const month = (m: number) => Date.UTC(2026, m, 1)
/** EUR rates for every month a change can fall in, whatever the zone. */
const RATE_MONTHS = Array.from({ length: 12 }, (_, i) =>
  new Date(Date.UTC(2025, 11 + i, 1)).toISOString().slice(0, 7),
)
const ZONES = ['UTC', 'Europe/Paris', 'America/Los_Angeles', 'Asia/Kolkata'] as const

const arbitraryChange = fc.record({
  account: fc.constantFrom('a', 'b', 'c', 'd'),
  // Close to month starts half of the time, where time zones disagree on the month.
  at: fc.oneof(
    fc.integer({ min: month(0), max: month(8) - 1 }),
    fc
      .tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: -86_400_000, max: 86_400_000 }))
      .map(([m, offset]) => Math.min(Math.max(month(m) + offset, month(0)), month(8) - 1)),
  ),
  mrr: fc.integer({ min: 0, max: 10_000 }),
  currency: fc.constantFrom('USD', 'USD', 'EUR'),
  status: fc.constantFrom<RevenueStatus>('trial', 'active', 'active', 'canceled'),
  /** Where it arrives: changes are sent sorted by this, not by time, so most are backfills. */
  arrival: fc.nat(),
})

/** Between batches, something else happens: a rate given again, a change withdrawn, or the zone changed. */
const arbitraryEvent = fc.oneof(
  fc.record({
    kind: fc.constant('rate' as const),
    month: fc.constantFrom(...RATE_MONTHS),
    rate: fc.integer({ min: 50, max: 200 }).map((cents) => (cents / 100).toFixed(2)),
  }),
  fc.record({ kind: fc.constant('withdraw' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('zone' as const), zone: fc.constantFrom(...ZONES) }),
)

describe.each(dialectCases())('revenue month totals on $name', (dialect: DialectCase) => {
  let database: HeedDatabase

  beforeAll(async () => {
    database = await dialect.open()
  })
  afterAll(() => database.close())

  const storedTotals = async (projectId: string) => {
    const number = (row: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(row).map(([key, value]) => [key, typeof value === 'string' ? value : Number(value)]),
      )
    const totals = await database.db
      .selectFrom('revenue_month_totals')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('month_start')
      .execute()
    const foreign = await database.db
      .selectFrom('revenue_foreign_months')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('account_id')
      .orderBy('month_start')
      .execute()
    // A month whose changes were all withdrawn may stay as a row of zeros: the same as no row.
    const nonZero = totals
      .map(number)
      .filter((row) =>
        Object.entries(row).some(
          ([key, value]) => key !== 'month_start' && key !== 'project_id' && value !== 0,
        ),
      )
    return { totals: nonZero, foreign: foreign.map(number) }
  }

  it('kept at write time equal a rebuild from scratch, and answer months as the ledger does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(arbitraryChange, {
          selector: (change) => `${change.account} ${change.at}`,
          maxLength: 20,
        }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(arbitraryEvent, { maxLength: 6 }),
        fc.constantFrom(...ZONES),
        async (changes, batchSize, events, zone) => {
          const { project } = await seedProject(database, 'Month totals')
          await updateProject(database, project.id, { timeZone: zone })
          await putRates(
            database,
            project.id,
            RATE_MONTHS.map((m) => ({ currency: 'EUR', month: m, rate: '1.10' })),
            0,
          )
          const arriving = [...changes].sort((a, b) => a.arrival - b.arrival)
          let timeZone: string = zone
          for (let start = 0, batch = 0; start < arriving.length; start += batchSize, batch++) {
            const sent = arriving.slice(start, start + batchSize).map((change, i) => ({
              id: `rev-${String(start + i).padStart(3, '0')}`,
              accountId: change.account,
              at: change.at,
              mrr: change.mrr,
              currency: change.currency,
              status: change.status,
              plan: null,
              renewsAt: null,
            }))
            await recordChanges(database, project.id, sent, { now: 0, timeZone })
            const event = events[batch]
            if (event?.kind === 'rate') {
              await putRates(database, project.id, [{ currency: 'EUR', ...event }], 0)
            } else if (event?.kind === 'withdraw') {
              const id = `rev-${String(event.pick % (start + sent.length)).padStart(3, '0')}`
              await database.transact(() => withdrawChange(project.id, id, 0))
            } else if (event?.kind === 'zone') {
              await updateProject(database, project.id, { timeZone: event.zone })
              timeZone = event.zone
            }
          }

          const kept = await storedTotals(project.id)
          await database.transact(() => rebuildMonthTotals(project.id))
          expect(kept).toEqual(await storedTotals(project.id))

          // The months around the ledger, in the project's zone, from the totals and from the ledger.
          const periods = periodsInRange(new Date(month(-2)), new Date(month(10)), 'month', timeZone)
          const scope = {
            projectId: project.id,
            bounds: [...periods.map((period) => period.start.getTime()), periods.at(-1)?.end.getTime() ?? 0],
            rateMonths: periods.map((period) => period.label),
            rates: await ExchangeRates.load(database, project.id, 'USD'),
          }
          const fromLedger = await revenueFigures(database, scope)
          const fromTotals = await revenueFigures(database, { ...scope, monthsIn: timeZone })
          expect(fromTotals).toEqual(fromLedger)
          expect(fromTotals.get('')?.length).toBe(periods.length)
        },
      ),
      { numRuns: 25 },
    )
  })

  it('stay right when writes to the same account run at once', async () => {
    const { project } = await seedProject(database, 'Concurrent')
    await Promise.all(
      Array.from({ length: 12 }, (_, m) =>
        recordChanges(
          database,
          project.id,
          [
            {
              accountId: 'a',
              at: month(m) + 86_400_000,
              mrr: 1_000 * (m + 1),
              currency: 'USD',
              status: 'active',
              plan: null,
              renewsAt: null,
            },
          ],
          { now: 0, timeZone: 'UTC' },
        ),
      ),
    )
    const kept = await storedTotals(project.id)
    await database.transact(() => rebuildMonthTotals(project.id))
    expect(kept).toEqual(await storedTotals(project.id))
  })

  it('are not used for months of another zone than the project’s', async () => {
    const { project } = await seedProject(database, 'Other zone')
    await recordChanges(
      database,
      project.id,
      [
        // Paris' February starts on 31 January at 23:00 UTC: this upsell is February's there, January's in UTC.
        {
          accountId: 'a',
          at: Date.UTC(2026, 0, 10),
          mrr: 1_000,
          currency: 'USD',
          status: 'active',
          plan: null,
          renewsAt: null,
        },
        {
          accountId: 'a',
          at: Date.UTC(2026, 0, 31, 23, 30),
          mrr: 3_000,
          currency: 'USD',
          status: 'active',
          plan: null,
          renewsAt: null,
        },
      ],
      { now: 0, timeZone: 'UTC' },
    )
    await updateProject(database, project.id, { timeZone: 'Europe/Paris' })
    const scope = {
      projectId: project.id,
      bounds: [month(0), month(1), month(2)],
      rateMonths: ['2026-01', '2026-02'],
      rates: await ExchangeRates.load(database, project.id, 'USD'),
      monthsIn: 'UTC',
    }
    const [january, february] = (await revenueFigures(database, scope)).get('') ?? []
    expect(january?.movements).toMatchObject({ start: 0, new: 3_000, end: 3_000 })
    expect(february?.movements).toMatchObject({ start: 3_000, expansion: 0, end: 3_000 })
  })
})
