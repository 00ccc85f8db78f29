import { describe, expect, it } from 'vitest'
import type { RevenueStatus } from './ledger'
import { type RenewingChange, renewalOf, renewalRate, trialConversion, trialOf } from './renewals'

const change = (at: number, mrr: number, status: RevenueStatus = 'active', renewsAt: number | null = null) =>
  ({ at, mrr, currency: 'USD', status, renewsAt }) satisfies RenewingChange

// A period [100, 200).
describe('renewalOf', () => {
  it('is due when the change in effect at the start pays and renews within the period', () => {
    expect(renewalOf([change(10, 500, 'active', 150), change(150, 400, 'active', 250)], 100, 200)).toBe(
      'renewed',
    )
    expect(renewalOf([change(10, 500, 'active', 150), change(150, 0, 'canceled')], 100, 200)).toBe('lapsed')
    // Renewing at the period's end belongs to the next period, as boundaries do.
    expect(renewalOf([change(10, 500, 'active', 200)], 100, 200)).toBeNull()
    expect(renewalOf([change(10, 500, 'active', 100)], 100, 200)).toBe('renewed')
    // Not paying at the start (a trial, a canceled account) or no renewal date: not due.
    expect(renewalOf([change(10, 500, 'trial', 150)], 100, 200)).toBeNull()
    expect(renewalOf([change(10, 500)], 100, 200)).toBeNull()
    // A change inside the period does not make the account due in it.
    expect(renewalOf([change(120, 500, 'active', 150)], 100, 200)).toBeNull()
  })
})

describe('trialOf', () => {
  it("counts an account's first trial where it starts, converted when a later change pays before asOf", () => {
    const converts = [change(110, 500, 'trial'), change(250, 500)]
    expect(trialOf(converts, 100, 200, 300)).toBe('converted')
    expect(trialOf(converts, 100, 200, 250)).toBe('open')
    expect(trialOf(converts, 200, 300, 300)).toBeNull()
    const twice = [change(50, 500, 'trial'), change(60, 0, 'canceled'), change(150, 500, 'trial')]
    expect(trialOf(twice, 100, 200, 300)).toBeNull()
    expect(trialOf([change(110, 500)], 100, 200, 300)).toBeNull()
  })
})

describe('renewalRate and trialConversion', () => {
  it('are exact ratios, null when nothing was due or started', () => {
    expect(renewalRate({ due: 4, renewed: 3 })).toEqual({ numerator: 3, denominator: 4, value: 0.75 })
    expect(trialConversion({ started: 0, converted: 0 })).toEqual({
      numerator: 0,
      denominator: 0,
      value: null,
    })
  })
})
