import type { TLifecycleRules } from './rules'
import type { LifecycleStage } from './stages'

const DAY = 86_400_000

/** What the rules look at for one account at an instant. */
export interface LifecycleFacts {
  /** When the account was first seen (its first event or identify). */
  firstSeenAt: number
  /** The revenue ledger at the instant: never in it, on trial, paying, or paid before and pays nothing now. */
  paying: 'unknown' | 'trial' | 'paying' | 'lapsed'
  /** When the account's people first did the activation event; null if never. */
  activatedAt: number | null
  /** The account's health band; null when it has no score. */
  band: 'red' | 'yellow' | 'green' | null
  /** When the account's latest NPS answer was given, if it was a 9 or 10; null otherwise. */
  lastPromoterAt: number | null
  /** The latest referral event; null if none. */
  lastReferralAt: number | null
}

export interface StageDecision {
  stage: LifecycleStage
  /** Why, in words a CSM can repeat. */
  reason: string
}

/**
 * The stage the rules give an account at `now`, the first that applies:
 * churned (paid before, pays nothing now) → trial (on a trial in the ledger) → at risk (health band among
 * `atRiskBands`) → onboarding (activation event not done; at risk instead once first seen more than
 * `onboardingDays` ago) → advocacy (health green, and the latest NPS answer a promoter's or a referral,
 * within `advocacyWithinDays`) → value realisation (activated at least `valueAfterDays` ago and health green) →
 * adoption.
 */
export function decideStage(facts: LifecycleFacts, rules: TLifecycleRules, now: number): StageDecision {
  if (facts.paying === 'lapsed') return { stage: 'churned', reason: 'Paid before and pays nothing now.' }
  if (facts.paying === 'trial') return { stage: 'trial', reason: 'On a trial in the revenue ledger.' }
  if (facts.band !== null && rules.atRiskBands.includes(facts.band as 'red' | 'yellow')) {
    return { stage: 'at_risk', reason: `Health is ${facts.band}.` }
  }
  if (facts.activatedAt === null) {
    const waiting = Math.floor((now - facts.firstSeenAt) / DAY)
    if (waiting > rules.onboardingDays) {
      return {
        stage: 'at_risk',
        reason: `First seen ${waiting} days ago and still has not done "${rules.activationEvent}".`,
      }
    }
    return { stage: 'onboarding', reason: `Has not done "${rules.activationEvent}" yet.` }
  }
  const recent = now - rules.advocacyWithinDays * DAY
  if (facts.band === 'green' && facts.lastPromoterAt !== null && facts.lastPromoterAt >= recent) {
    return {
      stage: 'advocacy',
      reason: `Health is green and the latest NPS answer, within ${rules.advocacyWithinDays} days, is a promoter's.`,
    }
  }
  if (facts.band === 'green' && facts.lastReferralAt !== null && facts.lastReferralAt >= recent) {
    return {
      stage: 'advocacy',
      reason: `Health is green and did "${rules.referralEvent}" in the last ${rules.advocacyWithinDays} days.`,
    }
  }
  const activeDays = Math.floor((now - facts.activatedAt) / DAY)
  if (activeDays >= rules.valueAfterDays && facts.band === 'green') {
    return { stage: 'value_realisation', reason: `Activated ${activeDays} days ago and health is green.` }
  }
  return {
    stage: 'adoption',
    reason:
      activeDays < rules.valueAfterDays
        ? `Activated ${activeDays} days ago, less than ${rules.valueAfterDays}.`
        : 'Activated, health not green yet.',
  }
}
