import { describe, expect, it } from 'vitest'
import { decideStage, type LifecycleFacts } from './decide'
import { DEFAULT_LIFECYCLE_RULES } from './rules'

const DAY = 86_400_000
const now = Date.UTC(2026, 11, 7)
const healthy: LifecycleFacts = {
  firstSeenAt: now - 200 * DAY,
  paying: 'paying',
  activatedAt: now - 150 * DAY,
  band: 'green',
  lastPromoterAt: null,
  lastReferralAt: null,
}
const stage = (facts: Partial<LifecycleFacts>) =>
  decideStage({ ...healthy, ...facts }, DEFAULT_LIFECYCLE_RULES, now)

describe('lifecycle stage rules', () => {
  it('follows the journey from the first rule that applies', () => {
    expect(stage({})).toEqual({
      stage: 'value_realisation',
      reason: 'Activated 150 days ago and health is green.',
    })
    expect(stage({ paying: 'lapsed', band: 'green' }).stage).toBe('churned')
    expect(stage({ paying: 'trial', band: 'red' }).stage).toBe('trial')
    expect(stage({ band: 'red' })).toEqual({ stage: 'at_risk', reason: 'Health is red.' })
    expect(stage({ activatedAt: now - 10 * DAY, band: 'yellow' }).stage).toBe('adoption')
    expect(stage({ band: 'yellow' }).stage).toBe('adoption')
  })

  it('keeps an account onboarding until it activates, then at risk once onboarding took too long', () => {
    expect(stage({ firstSeenAt: now - 30 * DAY, activatedAt: null })).toEqual({
      stage: 'onboarding',
      reason: 'Has not done "report.created" yet.',
    })
    expect(stage({ firstSeenAt: now - 31 * DAY, activatedAt: null }).stage).toBe('at_risk')
  })

  it('counts a green account whose latest NPS answer is a promoter’s, or that referred, within 90 days as advocacy', () => {
    expect(stage({ lastPromoterAt: now - 90 * DAY }).stage).toBe('advocacy')
    expect(stage({ lastPromoterAt: now - 91 * DAY }).stage).toBe('value_realisation')
    expect(stage({ lastReferralAt: now - DAY }).stage).toBe('advocacy')
    expect(stage({ lastReferralAt: now - DAY, band: 'yellow' }).stage).toBe('adoption')
  })
})
