import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { convertMinor, parseRate } from './currency'
import { accountPeriodOf, type LedgerChange, type MrrInEffect } from './ledger'
import { movementOf, sumMovements } from './movements'

const month = (m: number, day = 1) => Date.UTC(2026, m - 1, day)
const usd = (at: number, mrr: number, status: LedgerChange['status'] = 'active'): LedgerChange => ({
  at,
  mrr,
  currency: 'USD',
  status,
})
const inUsd = ({ mrr }: MrrInEffect) => mrr
/** The movement totals of calendar month m (2026) over some accounts' ledgers, all in USD. */
const monthOf = (ledgers: LedgerChange[][], m: number) =>
  sumMovements(ledgers.map((changes) => accountPeriodOf(changes, month(m), month(m + 1), inUsd)))

describe('movementOf', () => {
  it('classifies by the start and end MRR alone', () => {
    expect(movementOf({ start: 0, end: 500, paidBefore: false })).toEqual({ kind: 'new', amount: 500 })
    expect(movementOf({ start: 0, end: 500, paidBefore: true })).toEqual({
      kind: 'reactivation',
      amount: 500,
    })
    expect(movementOf({ start: 500, end: 0, paidBefore: true })).toEqual({ kind: 'churn', amount: 500 })
    expect(movementOf({ start: 500, end: 800, paidBefore: true })).toEqual({ kind: 'expansion', amount: 300 })
    expect(movementOf({ start: 800, end: 500, paidBefore: true })).toEqual({
      kind: 'contraction',
      amount: 300,
    })
    expect(movementOf({ start: 500, end: 500, paidBefore: true })).toBeNull()
    expect(movementOf({ start: 0, end: 0, paidBefore: true })).toBeNull()
  })
})

describe('movements from the ledger, hand-computed', () => {
  it('nets an upsell and a downgrade of one account in one month', () => {
    // $100 since December; $150 on 10 January, $120 on 20 January: January is one upsell of $20.
    const upThenDown = [usd(month(0, 15), 10_000), usd(month(1, 10), 15_000), usd(month(1, 20), 12_000)]
    expect(monthOf([upThenDown], 1)).toEqual({
      start: 10_000,
      new: 0,
      expansion: 2_000,
      contraction: 0,
      churn: 0,
      reactivation: 0,
      end: 12_000,
    })
    // The same upsell followed by a deeper downgrade to $80 is a downgrade of $20.
    const upThenDeeper = [usd(month(0, 15), 10_000), usd(month(1, 10), 15_000), usd(month(1, 20), 8_000)]
    expect(monthOf([upThenDeeper], 1)).toMatchObject({ expansion: 0, contraction: 2_000, end: 8_000 })
  })

  it('counts a churn, no movement while away, then a reactivation', () => {
    const leavesAndReturns = [
      usd(month(0, 1) - 86_400_000 * 60, 5_000),
      usd(month(1, 5), 0),
      usd(month(3, 3), 6_000),
    ]
    expect(monthOf([leavesAndReturns], 1)).toMatchObject({ start: 5_000, churn: 5_000, end: 0 })
    expect(monthOf([leavesAndReturns], 2)).toMatchObject({ start: 0, churn: 0, reactivation: 0, end: 0 })
    expect(monthOf([leavesAndReturns], 3)).toMatchObject({
      start: 0,
      new: 0,
      reactivation: 6_000,
      end: 6_000,
    })
  })

  it('treats cancellation and trials as paying nothing', () => {
    const trialThenPaid = [
      usd(month(1, 3), 9_000, 'trial'),
      usd(month(2, 3), 9_000),
      usd(month(4, 2), 9_000, 'canceled'),
    ]
    expect(monthOf([trialThenPaid], 1)).toMatchObject({ new: 0, end: 0 })
    expect(monthOf([trialThenPaid], 2)).toMatchObject({ new: 9_000, end: 9_000 })
    expect(monthOf([trialThenPaid], 4)).toMatchObject({ churn: 9_000, end: 0 })
  })

  it('makes no movement for an account that joins and leaves inside one period', () => {
    const inAndOut = [usd(month(1, 5), 1_000), usd(month(1, 25), 0)]
    expect(monthOf([inAndOut], 1)).toEqual(sumMovements([]))
  })

  it('recomputes every later period when a backfill arrives late, whatever the order of arrival', () => {
    const arrived = [usd(month(2, 1), 3_000)]
    expect(monthOf([arrived], 2)).toMatchObject({ new: 3_000, expansion: 0 })
    // Months later we learn the account had been paying $20 since 10 December.
    const backfilled = [...arrived, usd(Date.UTC(2025, 11, 10), 2_000)]
    expect(monthOf([backfilled], 0)).toMatchObject({ new: 2_000, end: 2_000 }) // December 2025
    expect(monthOf([backfilled], 1)).toMatchObject({ start: 2_000, new: 0, end: 2_000 })
    expect(monthOf([backfilled], 2)).toMatchObject({ start: 2_000, new: 0, expansion: 1_000, end: 3_000 })
    expect(monthOf([[...backfilled].reverse()], 2)).toEqual(monthOf([backfilled], 2))
  })

  it('values both ends of a period at its rates, so a currency change at par is no movement', () => {
    // €100 a month, then from 15 March the same plan billed as $110; the March rate is 1 EUR = 1.10 USD.
    const switched: LedgerChange[] = [
      { at: month(1, 1), mrr: 10_000, currency: 'EUR', status: 'active' },
      { at: month(3, 15), mrr: 11_000, currency: 'USD', status: 'active' },
    ]
    const atRate = (rate: string) => (mrr: MrrInEffect) =>
      mrr.currency === 'USD' ? mrr.mrr : convertMinor(mrr.mrr, mrr.currency, 'USD', parseRate(rate))
    const march = accountPeriodOf(switched, month(3), month(4), atRate('1.10'))
    expect(march).toEqual({ start: 11_000, end: 11_000, paidBefore: true })
    expect(movementOf(march)).toBeNull()
    // February at 1.05 ends at $105: the swing to $110 at March's rate is revaluation, not expansion.
    expect(accountPeriodOf(switched, month(2), month(3), atRate('1.05'))).toEqual({
      start: 10_500,
      end: 10_500,
      paidBefore: true,
    })
  })
})

const arbitraryLedger = fc.array(
  fc.record({
    at: fc.integer({ min: month(1), max: month(13) }),
    mrr: fc.integer({ min: 0, max: 1_000_000 }),
    currency: fc.constant('USD'),
    status: fc.constantFrom('trial', 'active', 'canceled' as const),
  }),
  { maxLength: 12 },
)

describe('movement identity', () => {
  it('start + new + expansion − contraction − churn + reactivation = end, and each end is the next start', () => {
    fc.assert(
      fc.property(fc.array(arbitraryLedger, { maxLength: 20 }), (ledgers) => {
        let previousEnd: number | undefined
        for (let m = 1; m <= 12; m++) {
          const t = monthOf(ledgers, m)
          expect(t.start + t.new + t.expansion - t.contraction - t.churn + t.reactivation).toBe(t.end)
          if (previousEnd !== undefined) expect(t.start).toBe(previousEnd)
          previousEnd = t.end
        }
      }),
    )
  })

  it('holds in every segment and the segments add up to the whole', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), arbitraryLedger), { maxLength: 20 }),
        (accounts) => {
          const whole = monthOf(
            accounts.map(([, ledger]) => ledger),
            6,
          )
          const parts = ['a', 'b', 'c'].map((key) =>
            monthOf(
              accounts.filter(([segment]) => segment === key).map(([, ledger]) => ledger),
              6,
            ),
          )
          for (const t of parts)
            expect(t.start + t.new + t.expansion - t.contraction - t.churn + t.reactivation).toBe(t.end)
          for (const field of [
            'start',
            'new',
            'expansion',
            'contraction',
            'churn',
            'reactivation',
            'end',
          ] as const) {
            expect(parts.reduce((sum, t) => sum + t[field], 0)).toBe(whole[field])
          }
        },
      ),
    )
  })
})
