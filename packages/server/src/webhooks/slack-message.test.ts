import { describe, expect, it } from 'vitest'
import type { WebhookEvent } from './event-body'
import { slackMessage } from './slack-message'

const detractor: WebhookEvent = {
  id: 'evt_1',
  type: 'detractor.created',
  createdAt: '2026-11-22T08:00:00.000Z',
  projectId: 'prj_1',
  data: {
    id: 'resp_1',
    surveyId: 'srv_1',
    kind: 'nps',
    score: 3,
    bucket: 'detractor',
    comment: 'Exports <b>never</b> work & <!channel> should know',
    personId: 'ana@example.com',
    accountId: 'acme',
    createdAt: '2026-11-22T08:00:00.000Z',
  },
}

describe('Slack message of a webhook event', () => {
  it('summarises a detractor with the score, the quoted comment and who gave it', () => {
    const message = slackMessage(detractor)
    expect(message.text).toBe('New detractor: NPS 3')
    expect(message.blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*New detractor: NPS 3*\n> Exports &lt;b&gt;never&lt;/b&gt; work &amp; &lt;!channel&gt; should know',
        },
      },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: 'person ana@example.com · account acme · survey srv_1 · response resp_1' },
        ],
      },
    ])
  })

  it('names a response by its score and bucket, a case by its status, and a test event as such', () => {
    expect(slackMessage({ ...detractor, type: 'response.created' }).text).toBe(
      'New NPS response: 3 (detractor)',
    )
    const caseEvent = slackMessage({
      ...detractor,
      type: 'case.updated',
      data: {
        id: 'case_1',
        status: 'contacted',
        owner: 'cs@example.com',
        by: 'lead@example.com',
        responseId: 'resp_1',
        note: { id: 'note_1', text: 'Called them' },
      },
    })
    expect(caseEvent.text).toBe('Case case_1 updated: contacted')
    expect(caseEvent.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*Case case_1 updated: contacted*\n> Called them' } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: 'owner cs@example.com · by lead@example.com · response resp_1' }],
      },
    ])
    expect(slackMessage({ ...detractor, type: 'webhook.test', data: {} })).toEqual({
      text: 'Heed test event: this webhook works',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Heed test event: this webhook works*' } }],
    })
  })

  it('names an account health change by its bands and score, with the account', () => {
    const message = slackMessage({
      id: 'evt_2',
      type: 'account.health_changed',
      createdAt: '2026-12-07T12:00:00.000Z',
      projectId: 'prj_1',
      data: {
        accountId: 'acme',
        from: 'green',
        to: 'yellow',
        previousScore: 80,
        score: 71,
        summary: 'Health 71/100',
      },
    })
    expect(message.text).toBe('Account health green → yellow (71/100)')
    expect(message.blocks[1]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'account acme' }],
    })
  })
})
