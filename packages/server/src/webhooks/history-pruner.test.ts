import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { seedProject } from '../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../test-support/test-database'
import type { HeedDatabase } from '../db/open'
import { createLogger } from '../logger'
import { WEBHOOK_HISTORY_MS } from '../store/webhook-retention'
import { createWebhook } from '../store/webhooks'
import { type HistoryPruner, startWebhookHistoryPruner } from './history-pruner'

const DAY = 24 * 60 * 60 * 1000
const WAIT = { timeout: 15_000, interval: 20 }

describe.each(dialectCases())('webhook history pruner on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  const pruners: HistoryPruner[] = []

  beforeAll(async () => {
    database = await dialect.open()
  })
  afterEach(async () => {
    await Promise.all(pruners.splice(0).map((pruner) => pruner.stop()))
  })
  afterAll(() => database.close())

  /** A project of its own with one webhook, so that tests never see each other's events. */
  async function webhook() {
    const { project } = await seedProject(database, 'History')
    const { webhook } = await createWebhook(
      database,
      project.id,
      { url: 'https://hooks.example.com/heed', events: ['response.created'], format: 'json' },
      Date.now(),
    )
    return { projectId: project.id, webhookId: webhook.id }
  }

  type State = 'delivered' | 'dead' | 'pending'
  /** An event queued `age` ago in `state`, with `attempts` delivery attempts logged. */
  async function event(
    hook: { projectId: string; webhookId: string },
    id: string,
    age: number,
    state: State,
    attempts = 1,
  ) {
    const now = Date.now()
    const createdAt = now - age
    await database.db
      .insertInto('webhook_outbox')
      .values({
        id,
        project_id: hook.projectId,
        webhook_id: hook.webhookId,
        event_type: 'response.created',
        response_id: null,
        payload: '{}',
        attempts,
        next_attempt_at: state === 'pending' ? now + 60 * 60 * 1000 : null,
        delivered_at: state === 'delivered' ? createdAt + 1000 : null,
        dead_at: state === 'dead' ? createdAt + DAY : null,
        last_error: state === 'delivered' ? null : 'HTTP 503',
        created_at: createdAt,
      })
      .execute()
    for (let attempt = 1; attempt <= attempts; attempt++) {
      await database.db
        .insertInto('webhook_deliveries')
        .values({
          id: `${id}-attempt-${attempt}`,
          project_id: hook.projectId,
          outbox_id: id,
          webhook_id: hook.webhookId,
          attempt,
          status_code: 503,
          error: 'HTTP 503',
          duration_ms: 12,
          at: createdAt + attempt,
        })
        .execute()
    }
  }

  const eventsOf = async (webhookId: string) =>
    (
      await database.db
        .selectFrom('webhook_outbox')
        .select('id')
        .where('webhook_id', '=', webhookId)
        .orderBy('id')
        .execute()
    ).map((row) => row.id)
  const deliveriesOf = async (webhookId: string) =>
    (
      await database.db
        .selectFrom('webhook_deliveries')
        .select('outbox_id')
        .where('webhook_id', '=', webhookId)
        .orderBy('id')
        .execute()
    ).map((row) => row.outbox_id)

  const start = (options: { keepMs?: number; everyMs?: number } = {}) => {
    const pruner = startWebhookHistoryPruner({ database, logger: createLogger('silent'), ...options })
    pruners.push(pruner)
    return pruner
  }

  it('deletes settled events older than a month with their delivery log, and keeps the rest', async () => {
    const hook = await webhook()
    const old = WEBHOOK_HISTORY_MS + DAY
    await event(hook, 'evt_old_delivered', old, 'delivered', 2)
    await event(hook, 'evt_old_dead', old, 'dead', 3)
    await event(hook, 'evt_old_pending', old, 'pending', 2)
    await event(hook, 'evt_recent_delivered', DAY, 'delivered')
    await event(hook, 'evt_recent_dead', WEBHOOK_HISTORY_MS - DAY, 'dead')

    start()

    await vi.waitFor(async () => expect(await eventsOf(hook.webhookId)).not.toContain('evt_old_dead'), WAIT)
    expect(await eventsOf(hook.webhookId)).toEqual([
      'evt_old_pending',
      'evt_recent_dead',
      'evt_recent_delivered',
    ])
    expect(await deliveriesOf(hook.webhookId)).toEqual([
      'evt_old_pending',
      'evt_old_pending',
      'evt_recent_dead',
      'evt_recent_delivered',
    ])
  })

  it('works through a backlog larger than one step, oldest first, and looks again on its schedule', async () => {
    const hook = await webhook()
    const keepMs = 10 * DAY
    for (let i = 0; i < 1_201; i++) {
      await event(hook, `evt_${String(i).padStart(5, '0')}`, keepMs + DAY + i, 'delivered', 0)
    }
    start({ keepMs, everyMs: 50 })
    await vi.waitFor(async () => expect(await eventsOf(hook.webhookId)).toEqual([]), WAIT)

    // An event that comes of age later is found by a later look.
    await event(hook, 'evt_later', keepMs + DAY, 'dead')
    await vi.waitFor(async () => expect(await eventsOf(hook.webhookId)).toEqual([]), WAIT)
    expect(await deliveriesOf(hook.webhookId)).toEqual([])
  })
})
