/** The customer journey, in order; `at_risk` and `churned` can follow any other stage. */
export const LIFECYCLE_STAGES = [
  'trial',
  'onboarding',
  'adoption',
  'value_realisation',
  'advocacy',
  'at_risk',
  'churned',
] as const
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number]

export const STAGE_LABELS: Record<LifecycleStage, string> = {
  trial: 'Trial',
  onboarding: 'Onboarding',
  adoption: 'Adoption',
  value_realisation: 'Value realisation (growth)',
  advocacy: 'Advocacy',
  at_risk: 'At risk',
  churned: 'Churned',
}
