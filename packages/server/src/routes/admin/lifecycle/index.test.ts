import { DEFAULT_LIFECYCLE_RULES } from '@heed/shared/lifecycle/rules'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedAccountScenario } from '../../../../test-support/account-scenario'
import { fieldsOf, jsonOf } from '../../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../../test-support/test-database'
import type { HeedDatabase } from '../../../db/open'

interface Stages {
  stage: { stage: string; source: string; reason: string | null; setBy: string | null }
  history: {
    stage: string
    source: string
    reason: string | null
    setBy: string | null
    endedAt: string | null
  }[]
}

describe.each(dialectCases())('lifecycle API on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let admin: Awaited<ReturnType<typeof seedAccountScenario>>['admin']
  const by = { 'x-heed-actor': 'dana@acme.test' }

  beforeAll(async () => {
    database = await dialect.open()
    admin = (await seedAccountScenario(database)).admin
    await admin('POST', '/health/recompute')
  })
  afterAll(() => database.close())

  it('serves the default rules until the project sets its own, refusing bad ones by field', async () => {
    expect(await jsonOf(await admin('GET', '/lifecycle/rules'))).toEqual({ rules: DEFAULT_LIFECYCLE_RULES })
    for (const [rules, field] of [
      [{ ...DEFAULT_LIFECYCLE_RULES, onboardingDays: 0 }, 'rules.onboardingDays'],
      [{ ...DEFAULT_LIFECYCLE_RULES, activationEvent: ' ' }, 'rules.activationEvent'],
      [{ ...DEFAULT_LIFECYCLE_RULES, atRiskBands: ['green'] }, 'rules.atRiskBands.0'],
    ] as const) {
      const response = await admin('PUT', '/lifecycle/rules', { rules })
      expect(response.status).toBe(400)
      expect(await fieldsOf(response)).toEqual([field])
    }
    const rules = { ...DEFAULT_LIFECYCLE_RULES, onboardingDays: 10 }
    expect(await jsonOf(await admin('PUT', '/lifecycle/rules', { rules }))).toEqual({ rules })
    await admin('PUT', '/lifecycle/rules', { rules: DEFAULT_LIFECYCLE_RULES })
  })

  it('puts each account in the stage the rules give it', async () => {
    // acme: activated, green, its latest NPS a 9 yesterday → advocacy; bolt: red → at risk; calm: first seen 17 days ago, not
    // activated → onboarding.
    const stages = await Promise.all(
      ['acme', 'bolt', 'calm'].map(
        async (id) => (await jsonOf<Stages>(await admin('GET', `/accounts/${id}/stages`))).stage,
      ),
    )
    expect(stages).toEqual([
      expect.objectContaining({
        stage: 'advocacy',
        source: 'rule',
        reason: "Health is green and the latest NPS answer, within 90 days, is a promoter's.",
      }),
      expect.objectContaining({ stage: 'at_risk', source: 'rule', reason: 'Health is red.' }),
      expect.objectContaining({
        stage: 'onboarding',
        source: 'rule',
        reason: 'Has not done "report.created" yet.',
      }),
    ])
  })

  it('lets a CSM set a stage by hand with a reason, keeps it over the rules, and keeps the history', async () => {
    const body = { stage: 'adoption', reason: 'Exec sponsor committed to a roll-out plan' }
    const set = await admin('PUT', '/accounts/bolt/stage', body, by)
    expect(set.status).toBe(200)
    expect(await jsonOf(set)).toMatchObject({
      stage: { stage: 'adoption', source: 'manual', setBy: 'dana@acme.test' },
    })
    // A retry adds nothing; a recompute keeps the manual stage although bolt is red.
    await admin('PUT', '/accounts/bolt/stage', body, by)
    await admin('POST', '/health/recompute')
    const stages = await jsonOf<Stages>(await admin('GET', '/accounts/bolt/stages'))
    expect(stages.stage).toMatchObject({ stage: 'adoption', source: 'manual', reason: body.reason })
    expect(stages.history.map((stay) => [stay.stage, stay.source, stay.endedAt === null])).toEqual([
      ['adoption', 'manual', true],
      ['at_risk', 'rule', false],
    ])

    // Handed back to the rules: the next recompute decides again.
    await admin('PUT', '/accounts/bolt/stage', { stage: 'auto', reason: 'Roll-out stalled' }, by)
    await admin('POST', '/health/recompute')
    const again = await jsonOf<Stages>(await admin('GET', '/accounts/bolt/stages'))
    expect(again.stage).toMatchObject({ stage: 'at_risk', source: 'rule' })
    expect(again.history.map((stay) => stay.stage)).toEqual(['at_risk', 'adoption', 'at_risk'])
  })

  it('refuses a bad stage change by field and changes nothing', async () => {
    for (const [body, headers, field] of [
      [{ stage: 'happy', reason: 'x' }, by, 'stage'],
      [{ stage: 'adoption' }, by, 'reason'],
      [{ stage: 'adoption', reason: 'x' }, {}, 'by'],
    ] as const) {
      const response = await admin('PUT', '/accounts/calm/stage', body, headers)
      expect(response.status).toBe(400)
      expect(await fieldsOf(response)).toEqual([field])
    }
    expect(
      (await admin('PUT', '/accounts/nobody/stage', { stage: 'adoption', reason: 'x' }, by)).status,
    ).toBe(404)
    expect((await admin('GET', '/accounts/nobody/stages')).status).toBe(404)
    const calm = await jsonOf<Stages>(await admin('GET', '/accounts/calm/stages'))
    expect(calm.history).toHaveLength(1)
  })

  it('sums accounts and MRR per stage, and the time to value per monthly cohort', async () => {
    const summary = await jsonOf<{ stages: unknown[]; timeToValue: unknown[]; currency: string }>(
      await admin('GET', '/lifecycle/summary'),
    )
    expect(summary.currency).toBe('USD')
    expect(summary.stages).toEqual(
      expect.arrayContaining([
        { stage: 'advocacy', accounts: 1, mrr: 10_000, medianDaysInStage: 0 },
        { stage: 'at_risk', accounts: 1, mrr: 8_000, medianDaysInStage: 0 },
        { stage: 'onboarding', accounts: 1, mrr: 0, medianDaysInStage: 0 },
        { stage: 'trial', accounts: 0, mrr: 0, medianDaysInStage: null },
      ]),
    )
    // bolt first seen 1 March, activated 5 March: 4 days; acme 1 → 10 June: 9 days; calm not activated.
    expect(summary.timeToValue).toEqual([
      { cohort: '2026-03', accounts: 1, activated: 1, medianDaysToValue: 4 },
      { cohort: '2026-06', accounts: 1, activated: 1, medianDaysToValue: 9 },
      { cohort: '2026-11', accounts: 1, activated: 0, medianDaysToValue: null },
    ])
    const response = await admin('GET', '/lifecycle/summary?months=0')
    expect(await fieldsOf(response)).toEqual(['months'])
  })
})
