import { DEFAULT_HEALTH_MODEL } from '@heed/shared/health/model'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NOW, seedAccountScenario } from '../../../../test-support/account-scenario'
import { fieldsOf, jsonOf } from '../../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../../test-support/test-database'
import type { HeedDatabase } from '../../../db/open'

interface Component {
  key: string
  raw: number | null
  points: number | null
  weight: number
  sentence: string
}
interface AccountHealth {
  health: {
    score: number
    band: string
    explanation: { components: Component[]; missing: string[]; summary: string }
  }
  trend: { day: string | null; score: number | null; change: number | null }
  history: { day: string; score: number; band: string }[]
}

describe.each(dialectCases())('account health API on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let admin: Awaited<ReturnType<typeof seedAccountScenario>>['admin']
  let projectId: string

  beforeAll(async () => {
    database = await dialect.open()
    const scenario = await seedAccountScenario(database)
    admin = scenario.admin
    projectId = scenario.acme.project.id
  })
  afterAll(() => database.close())

  it('serves the default model until the project sets its own, refusing a bad one by field', async () => {
    expect(await jsonOf(await admin('GET', '/health/model'))).toEqual({ model: DEFAULT_HEALTH_MODEL })
    const bad = [
      [{ ...DEFAULT_HEALTH_MODEL, bands: { yellow: 80, green: 70 } }, 'model.bands.green'],
      [
        {
          ...DEFAULT_HEALTH_MODEL,
          components: {
            ...DEFAULT_HEALTH_MODEL.components,
            usage: { weight: 101, scale: { zero: 1, full: 2 } },
          },
        },
        'model.components.usage.weight',
      ],
      [{ ...DEFAULT_HEALTH_MODEL, extra: 1 }, 'model.extra'],
    ] as const
    for (const [model, field] of bad) {
      const response = await admin('PUT', '/health/model', { model })
      expect(response.status).toBe(400)
      expect(await fieldsOf(response)).toContain(field)
    }
    expect(await jsonOf(await admin('GET', '/health/model'))).toEqual({ model: DEFAULT_HEALTH_MODEL })
  })

  it('scores every account as worked out by hand, and explains each score', async () => {
    const recompute = await admin('POST', '/health/recompute')
    expect(await jsonOf(recompute)).toEqual({
      day: '2026-12-07',
      accounts: 3,
      bandChanges: 0,
      stageChanges: 3,
    })

    const acme = await jsonOf<AccountHealth>(await admin('GET', '/accounts/acme/health'))
    // usage 6/10 = 60% → 57 (×25); sentiment NPS 9 → 90 → 100 (×25); follow-up none open → 100 (×10);
    // revenue 100% → 100 (×15); participation 1/2 = 50% → 100 (×10); adoption left out:
    // (1425 + 2500 + 1000 + 1500 + 1000) / 85 = 87.35 → 87, green.
    expect(acme.health.score).toBe(87)
    expect(acme.health.band).toBe('green')
    expect(acme.health.explanation.missing).toEqual(['adoption'])
    expect(acme.health.explanation.components.map((c) => [c.key, c.raw, c.points])).toEqual([
      ['usage', 60, 57],
      ['adoption', null, null],
      ['sentiment', 90, 100],
      ['followUp', 0, 100],
      ['revenue', 100, 100],
      ['participation', 50, 100],
    ])
    expect(acme.health.explanation.components[0]?.sentence).toBe(
      '6 of 10 seats (60%) were used in the last 30 days.',
    )

    const bolt = await jsonOf<AccountHealth>(await admin('GET', '/accounts/bolt/health'))
    // usage 1/4 = 25% → 7 (×25); sentiment 30 → 0 (×25); follow-up 100 − 30 − 40 = 30 (×10); revenue
    // 8 000 / 20 000 = 40% → 0 (×15); participation left out: (175 + 300) / 75 = 6.33 → 6, red.
    expect([bolt.health.score, bolt.health.band]).toEqual([6, 'red'])
    expect(bolt.health.explanation.summary).toContain(
      'Left out for lack of data: feature adoption, survey participation',
    )

    const calm = await jsonOf<AccountHealth>(await admin('GET', '/accounts/calm/health'))
    // Only usage has data: 2 active now, none before → 100%.
    expect([calm.health.score, calm.health.band]).toEqual([100, 'green'])
    expect(calm.history).toEqual([{ day: '2026-12-07', score: 100, band: 'green' }])
  })

  it('compares with the score 30 days before', async () => {
    await database.db
      .insertInto('account_health_days')
      .values([
        { project_id: projectId, account_id: 'acme', day: '2026-11-01', score: 70, band: 'yellow' },
        { project_id: projectId, account_id: 'acme', day: '2026-11-20', score: 10, band: 'red' },
      ])
      .execute()
    const acme = await jsonOf<AccountHealth>(await admin('GET', '/accounts/acme/health'))
    expect(acme.trend).toEqual({ day: '2026-11-01', score: 70, change: 17 })
    expect(acme.history.map((day) => day.day)).toEqual(['2026-11-01', '2026-11-20', '2026-12-07'])
  })

  it('queues account.health_changed once when a band changes', async () => {
    await database.db
      .insertInto('webhooks')
      .values({
        id: 'wh_health',
        project_id: projectId,
        url: 'https://hooks.example.com/heed',
        secret: 'whsec_test',
        events: JSON.stringify(['account.health_changed']),
        format: 'json',
        active: 1,
        created_at: NOW,
        updated_at: NOW,
      })
      .execute()
    const model = { ...DEFAULT_HEALTH_MODEL, bands: { yellow: 50, green: 90 } }
    expect((await admin('PUT', '/health/model', { model })).status).toBe(200)
    expect(await jsonOf(await admin('POST', '/health/recompute'))).toMatchObject({ bandChanges: 1 })
    expect(await jsonOf(await admin('POST', '/health/recompute'))).toMatchObject({ bandChanges: 0 })
    const events = await database.db
      .selectFrom('webhook_outbox')
      .select(['event_type', 'payload'])
      .where('project_id', '=', projectId)
      .execute()
    expect(events.map((event) => event.event_type)).toEqual(['account.health_changed'])
    expect(JSON.parse(events[0]?.payload ?? '{}')).toMatchObject({
      accountId: 'acme',
      from: 'green',
      to: 'yellow',
      score: 87,
    })
    await admin('PUT', '/health/model', { model: DEFAULT_HEALTH_MODEL })
  })

  it('backtests the score 90 days before against what the ledger shows happened', async () => {
    const response = await admin('GET', '/health/backtest?from=2026-09-08&to=2026-09-08')
    expect(response.status).toBe(200)
    // On 2026-09-08: acme (nobody active in 60 days of 10 seats → 0 ×25; revenue 100% ×15) = 37.5 → 38,
    // kept; bolt (1 active, none before → 100; revenue 100) = 100, and 90 days later it pays 8 000 of
    // 20 000: lost. The kept account scored below the lost one: AUC 0.
    expect(await jsonOf(response)).toMatchObject({
      auc: 0,
      lost: 1,
      kept: 1,
      horizonDays: 90,
      snapshots: [{ day: '2026-09-08', accounts: 2, lost: 1 }],
      byBand: {
        red: { accounts: 1, lost: 0 },
        yellow: { accounts: 0, lost: 0 },
        green: { accounts: 1, lost: 1 },
      },
    })
  })

  it('refuses a backtest whose outcome is not known yet, or with too many scoring days, by field', async () => {
    for (const [query, field] of [
      ['to=2026-09-09', 'to'],
      ['from=2026-09-09&to=2026-09-08', 'from'],
      ['from=2020-01-01&stepDays=1', 'from'],
      ['to=2026-02-30', 'to'],
      ['horizonDays=3', 'horizonDays'],
      ['colour=red', 'colour'],
    ]) {
      const response = await admin('GET', `/health/backtest?${query}`)
      expect(response.status, query).toBe(400)
      expect(await fieldsOf(response)).toEqual([field])
    }
  })

  it('answers 404 for an account that does not exist', async () => {
    expect((await admin('GET', '/accounts/nobody/health')).status).toBe(404)
  })
})
