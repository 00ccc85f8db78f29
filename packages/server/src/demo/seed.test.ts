import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialectCases } from '../../test-support/test-database'
import type { HeedDatabase } from '../db/open'
import { findProjectBySecretKey } from '../store/projects'
import { listGoals } from '../store/revenue/goals'
import { reportingCurrency } from '../store/revenue/settings'
import { SCORE_COLUMNS } from '../store/rollups'
import { listTeam } from '../store/team'
import { accountFeatures } from '../store/usage/account-features'
import { type SeededDemo, type SeedProgress, seedDemo } from './seed'

const NOW = Date.UTC(2026, 10, 22, 12, 0)

describe.each(dialectCases())('seeding the demo on $name', (dialect) => {
  let database: HeedDatabase
  let demo: SeededDemo
  const progress: SeedProgress[] = []
  beforeAll(async () => {
    database = await dialect.open()
    demo = await seedDemo(database, { size: 'small', now: NOW, onProgress: (p) => progress.push(p) })
  })
  afterAll(() => database.close())

  const countOf = async (
    table: 'responses' | 'displays' | 'events' | 'persons' | 'accounts' | 'surveys' | 'revenue_changes',
  ) => {
    const row = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('project_id', '=', demo.project.id)
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  it('creates the Acme Analytics project in Berlin time with a working secret key', async () => {
    expect(demo.project).toMatchObject({ name: 'Acme Analytics', timeZone: 'Europe/Berlin' })
    expect((await findProjectBySecretKey(database, demo.secretKey))?.id).toBe(demo.project.id)
  })

  it('stores what it reports', async () => {
    const { counts } = demo
    expect(await countOf('accounts')).toBe(counts.accounts)
    expect(await countOf('persons')).toBe(counts.persons)
    expect(await countOf('surveys')).toBe(3)
    expect(await countOf('displays')).toBe(counts.displays)
    expect(await countOf('responses')).toBe(counts.responses)
    expect(await countOf('events')).toBe(counts.events)
    expect(counts).toMatchObject({ accounts: 15, responses: 300, events: 3_000 })
  })

  it("keeps its revenue in the ledger, reported in euros, with the team's goals", async () => {
    expect(demo.counts.revenueChanges).toBeGreaterThan(0)
    expect(await countOf('revenue_changes')).toBe(demo.counts.revenueChanges)
    expect(await reportingCurrency(database, demo.project.id)).toBe('EUR')
    expect((await listGoals(database, demo.project.id)).map((goal) => goal.metric).sort()).toEqual([
      'contractionRate',
      'expansionRate',
      'netRevenueRetention',
      'nps',
      'revenueChurnRate',
    ])
  })

  it('keeps the rollups exact: per survey, score counts match the responses and shown/dismissed the displays', async () => {
    const surveys = await database.db
      .selectFrom('surveys')
      .select(['id', 'kind'])
      .where('project_id', '=', demo.project.id)
      .execute()
    for (const survey of surveys) {
      const rollup = await database.db
        .selectFrom('response_rollups')
        .select((eb) => [
          eb.fn.sum<number>('shown').as('shown'),
          eb.fn.sum<number>('dismissed').as('dismissed'),
          ...SCORE_COLUMNS.map((column) => eb.fn.sum<number>(column).as(column)),
        ])
        .where('project_id', '=', demo.project.id)
        .where('survey_id', '=', survey.id)
        .executeTakeFirstOrThrow()
      const scores = await database.db
        .selectFrom('responses')
        .select(['score', (eb) => eb.fn.countAll<number>().as('n')])
        .where('project_id', '=', demo.project.id)
        .where('survey_id', '=', survey.id)
        .where('score', 'is not', null)
        .groupBy('score')
        .execute()
      const expected = Object.fromEntries(SCORE_COLUMNS.map((column) => [column, 0]))
      for (const { score, n } of scores) expected[`c${score}`] = Number(n)
      const counted = Object.fromEntries(SCORE_COLUMNS.map((column) => [column, Number(rollup[column] ?? 0)]))
      expect(counted).toEqual(expected)

      const displays = await database.db
        .selectFrom('displays')
        .select((eb) => [
          eb.fn.countAll<number>().as('shown'),
          eb.fn.count<number>('dismissed_at').as('dismissed'),
        ])
        .where('project_id', '=', demo.project.id)
        .where('survey_id', '=', survey.id)
        .executeTakeFirstOrThrow()
      expect([Number(rollup.shown), Number(rollup.dismissed)]).toEqual([
        Number(displays.shown),
        Number(displays.dismissed),
      ])
    }
  })

  it('gives answers the traits of who answered and their account, for segments', async () => {
    const row = await database.db
      .selectFrom('responses')
      .select(['traits', 'person_id', 'account_id', 'locale'])
      .where('project_id', '=', demo.project.id)
      .where('comment', 'is not', null)
      .limit(1)
      .executeTakeFirstOrThrow()
    expect(row.person_id).toMatch(/^usr_/)
    expect(row.account_id).toMatch(/^acct_/)
    const traits = JSON.parse(row.traits)
    expect(traits).toMatchObject({ locale: row.locale })
    expect(Object.keys(traits)).toEqual(
      expect.arrayContaining(['role', 'signupDate', 'account.plan', 'account.mrr', 'account.owner']),
    )
  })

  it('has a follow-up case in every state for each detractor, owned by the team, resolved with a root cause', async () => {
    const cases = await database.db
      .selectFrom('cases')
      .innerJoin('responses', (join) =>
        join
          .onRef('responses.project_id', '=', 'cases.project_id')
          .onRef('responses.id', '=', 'cases.response_id'),
      )
      .select(['cases.status', 'cases.root_cause', 'cases.owner', 'responses.bucket'])
      .where('cases.project_id', '=', demo.project.id)
      .execute()
    expect(cases).toHaveLength(demo.counts.cases)
    expect(cases.every((c) => c.bucket === 'detractor')).toBe(true)
    expect(new Set(cases.map((c) => c.status))).toEqual(
      new Set(['open', 'contacted', 'resolved', 'wont_fix']),
    )
    expect(cases.filter((c) => c.status === 'resolved').every((c) => c.root_cause !== null)).toBe(true)
    const team = new Set((await listTeam(database, demo.project.id)).map((member) => member.email))
    expect(team.size).toBeGreaterThan(1)
    expect(cases.every((c) => c.owner !== null && team.has(c.owner))).toBe(true)
  })

  it('scores every account, with history, in more than one band and stage', async () => {
    const health = await database.db
      .selectFrom('account_health')
      .select(['band'])
      .where('project_id', '=', demo.project.id)
      .execute()
    expect(health).toHaveLength(demo.counts.accounts)
    expect(new Set(health.map((row) => row.band)).size).toBeGreaterThan(1)
    const days = await database.db
      .selectFrom('account_health_days')
      .select('day')
      .distinct()
      .where('project_id', '=', demo.project.id)
      .execute()
    // 26 weekly snapshots and today's.
    expect(days).toHaveLength(27)
    const stages = await database.db
      .selectFrom('account_stages')
      .select('stage')
      .where('project_id', '=', demo.project.id)
      .execute()
    expect(stages).toHaveLength(demo.counts.accounts)
    expect(new Set(stages.map((row) => row.stage)).size).toBeGreaterThan(1)
  })

  it('has a feature catalogue its usage counts against, with accounts using features outside their plan', async () => {
    const accounts = await database.db
      .selectFrom('accounts')
      .select('id')
      .where('project_id', '=', demo.project.id)
      .execute()
    const features = await Promise.all(
      accounts.map((account) => accountFeatures(database, demo.project.id, account.id)),
    )
    const used = features.flatMap((account) => account?.features.filter((feature) => feature.uses > 0) ?? [])
    expect(new Set(used.map((feature) => feature.key)).size).toBeGreaterThan(5)
    expect(features.some((account) => (account?.outsidePlan.length ?? 0) > 0)).toBe(true)
    expect(features.some((account) => (account?.neverTried.length ?? 0) > 0)).toBe(true)
  })

  it('reports each stage from its start to its end', () => {
    for (const stage of ['people', 'surveys', 'responses', 'cases', 'events', 'revenue', 'health'] as const) {
      const steps = progress.filter((p) => p.stage === stage)
      expect(steps[0]?.done).toBe(0)
      expect(steps.at(-1)?.done).toBe(steps.at(-1)?.total)
    }
  })
})
