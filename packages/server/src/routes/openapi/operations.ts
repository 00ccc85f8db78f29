import { ZDisplayPayload, ZEventBatch, ZIdentifyPayload, ZResponsePayload } from '@heed/shared/schemas/ingest'
import { ZSurveyCreate, ZSurveyUpdate } from '@heed/shared/schemas/survey'
import { ZThemeDefinition } from '@heed/shared/text/themes'
import type { z } from 'zod'
import { ZAccountListQuery } from '../admin/accounts/list-query'
import { ZAccountOverviewQuery } from '../admin/accounts/overview'
import { ZCaseBulkUpdate, ZCaseListQuery, ZCaseNoteCreate, ZCaseUpdate } from '../admin/cases'
import { ZEventListQuery } from '../admin/events'
import { ZIngestErrorQuery } from '../admin/ingest-errors'
import { ZPersonListQuery } from '../admin/people'
import { ZKeyCreate, ZProjectUpdate } from '../admin/project'
import { ZResponseListQuery } from '../admin/responses'
import { ZRootCauseQuery } from '../admin/root-causes'
import { ZScoreSummaryQuery, ZScoreThemesQuery, ZScoreTrendQuery } from '../admin/scores'
import { ZSurveyListQuery } from '../admin/surveys'
import { ZTagCorrection } from '../admin/tags'
import { ZTeamMemberPut } from '../admin/team'
import { ZDeliveryListQuery, ZWebhookCreate, ZWebhookUpdate } from '../admin/webhooks'
import { ZInvite, ZSetPassword, ZSignIn } from '../auth/schemas'
import { SEGMENT_TYPES } from '../segment/messages'
import { ACCOUNT_OPERATIONS } from './account-operations'
import { SEGMENT_DOCUMENTED, ZIngestEventsAnswer, ZSegmentAnswer } from './answers'
import { HEALTH_OPERATIONS } from './health-operations'
import { REVENUE_OPERATIONS } from './revenue-operations'
import { USAGE_OPERATIONS } from './usage-operations'

/**
 * `person`: the dashboard's sign-in routes, for people: no key; a session cookie where there is one to act on.
 * `stripeSignature`: Stripe's webhooks, signed with the project's endpoint secret in the Stripe-Signature header.
 */
export type Auth = 'public' | 'secret' | 'writeKey' | 'person' | 'stripeSignature' | 'none'

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  /** Hono's path syntax (`:id`); the document turns it into `{id}`. */
  path: string
  tag: 'ingest' | 'segment' | 'admin' | 'auth' | 'integrations' | 'widget' | 'meta'
  auth: Auth
  summary: string
  query?: z.ZodType
  body?: z.ZodType
  /** Status codes of success answers, with what they mean. */
  responses: Record<number, string>
  /** The JSON of the success answers, when documented more closely than "an object". */
  answer?: z.ZodType
}

const ok = { 200: 'OK' }

/** Every route of the API. A test checks this list against the routes the app really serves. */
export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/health',
    tag: 'meta',
    auth: 'none',
    summary: 'Liveness and database check',
    responses: ok,
  },
  {
    method: 'get',
    path: '/openapi.json',
    tag: 'meta',
    auth: 'none',
    summary: 'This document',
    responses: ok,
  },
  {
    method: 'get',
    path: '/widget/:file',
    tag: 'widget',
    auth: 'none',
    summary:
      'A file of the widget build: heed.js, which the snippet loads, the chunks it imports (heed-ui.js…), ' +
      'source maps when built (public, ETag and 304, brotli or gzip)',
    responses: { 200: 'The file', 304: 'Not modified' },
  },
  {
    method: 'get',
    path: '/ingest/v1/config',
    tag: 'ingest',
    auth: 'public',
    summary: 'Live surveys and targeting for the widget (ETag, 304)',
    responses: { 200: 'Survey configuration', 304: 'Not modified' },
  },
  {
    method: 'post',
    path: '/ingest/v1/displays',
    tag: 'ingest',
    auth: 'public',
    summary: 'A survey was shown or dismissed (idempotent by id)',
    body: ZDisplayPayload,
    responses: { 200: 'Already known', 201: 'Recorded' },
  },
  {
    method: 'post',
    path: '/ingest/v1/responses',
    tag: 'ingest',
    auth: 'public',
    summary: 'Create or update a response by its client id (score first, comment later)',
    body: ZResponsePayload,
    responses: { 200: 'Updated or unchanged', 201: 'Created' },
  },
  {
    method: 'post',
    path: '/ingest/v1/events',
    tag: 'ingest',
    auth: 'public',
    summary: 'A batch of up to 100 usage events (duplicates by id are ignored)',
    body: ZEventBatch,
    responses: { 200: 'Stored and duplicate counts, and the events refused by index' },
    answer: ZIngestEventsAnswer,
  },
  {
    method: 'post',
    path: '/ingest/v1/identify',
    tag: 'ingest',
    auth: 'public',
    summary: 'Link an anonymous visitor to a person and account, merging traits',
    body: ZIdentifyPayload,
    responses: ok,
  },
  {
    method: 'post',
    path: '/v1/batch',
    tag: 'segment',
    auth: 'writeKey',
    summary:
      'Segment tracking API: a batch of messages of any call type (500 KB, gzip or deflate allowed); ' +
      'valid messages are stored and refused ones listed by index',
    body: SEGMENT_DOCUMENTED.batch,
    responses: ok,
    answer: ZSegmentAnswer,
  },
  ...SEGMENT_TYPES.map(
    (type): Operation => ({
      method: 'post',
      path: `/v1/${type}`,
      tag: 'segment',
      auth: 'writeKey',
      summary: `Segment tracking API: one ${type} message (32 KB; \`type\` may be left out)`,
      body: SEGMENT_DOCUMENTED[type],
      responses: ok,
      answer: ZSegmentAnswer,
    }),
  ),
  {
    method: 'get',
    path: '/admin/v1/project',
    tag: 'admin',
    auth: 'secret',
    summary: 'The project of the key',
    responses: ok,
  },
  {
    method: 'patch',
    path: '/admin/v1/project',
    tag: 'admin',
    auth: 'secret',
    summary:
      'Change project settings (origins, recontact window, time zone, Do-Not-Track, follow-up SLA, segments)',
    body: ZProjectUpdate,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/keys',
    tag: 'admin',
    auth: 'secret',
    summary: 'List secret keys',
    responses: ok,
  },
  {
    method: 'post',
    path: '/admin/v1/keys',
    tag: 'admin',
    auth: 'secret',
    summary: 'Create a secret key (shown once)',
    body: ZKeyCreate,
    responses: { 201: 'Created' },
  },
  {
    method: 'delete',
    path: '/admin/v1/keys/:id',
    tag: 'admin',
    auth: 'secret',
    summary: 'Revoke a secret key (not the last active one)',
    responses: ok,
  },
  {
    method: 'post',
    path: '/admin/v1/keys/rotate-public',
    tag: 'admin',
    auth: 'secret',
    summary: 'Replace the public key',
    responses: ok,
  },
  {
    method: 'post',
    path: '/admin/v1/surveys',
    tag: 'admin',
    auth: 'secret',
    summary: 'Create a survey',
    body: ZSurveyCreate,
    responses: { 201: 'Created' },
  },
  {
    method: 'get',
    path: '/admin/v1/surveys',
    tag: 'admin',
    auth: 'secret',
    summary: 'List surveys',
    query: ZSurveyListQuery,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/surveys/:id',
    tag: 'admin',
    auth: 'secret',
    summary: 'Read a survey',
    responses: ok,
  },
  {
    method: 'patch',
    path: '/admin/v1/surveys/:id',
    tag: 'admin',
    auth: 'secret',
    summary: 'Change a survey (merged over the stored definition and validated whole)',
    body: ZSurveyUpdate,
    responses: ok,
  },
  ...(['pause', 'activate', 'archive'] as const).map(
    (action): Operation => ({
      method: 'post',
      path: `/admin/v1/surveys/:id/${action}`,
      tag: 'admin',
      auth: 'secret',
      summary: `${action[0]?.toUpperCase()}${action.slice(1)} a survey`,
      responses: ok,
    }),
  ),
  {
    method: 'get',
    path: '/admin/v1/responses',
    tag: 'admin',
    auth: 'secret',
    summary: 'List responses, newest first, with filters (also trait.<name>=<value>) and a cursor',
    query: ZResponseListQuery,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/responses/:id',
    tag: 'admin',
    auth: 'secret',
    summary: 'Read a response',
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/persons',
    tag: 'admin',
    auth: 'secret',
    summary: 'List persons, most recently seen first',
    query: ZPersonListQuery,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/persons/:id',
    tag: 'admin',
    auth: 'secret',
    summary: 'Read a person',
    responses: ok,
  },
  {
    method: 'delete',
    path: '/admin/v1/persons/:id',
    tag: 'admin',
    auth: 'secret',
    summary: 'Erase everything about a person (GDPR)',
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/accounts',
    tag: 'admin',
    auth: 'secret',
    summary:
      'List accounts with health, stage, MRR, NPS and owner; sort by lastActivity, health, mrr, nps, stage (journey order) or owner (e-mail, unowned last); filter by band, stage, owner, health, MRR, NPS and last activity',
    query: ZAccountListQuery,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/accounts/:id',
    tag: 'admin',
    auth: 'secret',
    summary: 'Read an account',
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/accounts/:id/overview',
    tag: 'admin',
    auth: 'secret',
    summary:
      'Everything about one account: summary, health explanation and daily history, stage history, revenue changes, scores per period, people with their latest answers, cases, 30-day usage, and the timeline paged by cursor',
    query: ZAccountOverviewQuery,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/exports/:kind',
    tag: 'admin',
    auth: 'secret',
    summary:
      'CSV of every row of responses, cases, accounts, people or events matching the list’s own filters (bom=1 for Excel)',
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/scores/summary',
    tag: 'admin',
    auth: 'secret',
    summary:
      'Score with its interval, displays and response rate of a survey, or of all surveys of a kind, over a range; include=participation adds distinct people answering over people shown',
    query: ZScoreSummaryQuery,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/scores/themes',
    tag: 'admin',
    auth: 'secret',
    summary:
      'The most frequent themes of the comments of a survey, or of all surveys of a kind, over a range, with their negative answers and share of comments',
    query: ZScoreThemesQuery,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/scores/trend',
    tag: 'admin',
    auth: 'secret',
    summary: 'Scores by day, week, month or quarter in a time zone, optionally split by survey or by a trait',
    query: ZScoreTrendQuery,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/cases',
    tag: 'admin',
    auth: 'secret',
    summary:
      'The follow-up queue, soonest due first: filter by status, owner, overdue, root cause, survey, account, sentiment, time',
    query: ZCaseListQuery,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/cases/:id',
    tag: 'admin',
    auth: 'secret',
    summary: 'A follow-up case with its history and notes',
    responses: ok,
  },
  {
    method: 'patch',
    path: '/admin/v1/cases/:id',
    tag: 'admin',
    auth: 'secret',
    summary: 'Change status, owner, root cause or tags of a case (who: `by` or the X-Heed-Actor header)',
    body: ZCaseUpdate,
    responses: ok,
  },
  {
    method: 'post',
    path: '/admin/v1/cases/:id/notes',
    tag: 'admin',
    auth: 'secret',
    summary: 'Add a note to a case',
    body: ZCaseNoteCreate,
    responses: { 201: 'Created' },
  },
  {
    method: 'post',
    path: '/admin/v1/cases/bulk',
    tag: 'admin',
    auth: 'secret',
    summary: 'Apply one change to up to 500 cases, all or none',
    body: ZCaseBulkUpdate,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/team',
    tag: 'admin',
    auth: 'secret',
    summary: 'The team follow-up cases are assigned to',
    responses: ok,
  },
  {
    method: 'put',
    path: '/admin/v1/team/:email',
    tag: 'admin',
    auth: 'secret',
    summary: 'Add a team member, or change their name or whether they get new cases',
    body: ZTeamMemberPut,
    responses: { 200: 'Updated', 201: 'Added' },
  },
  {
    method: 'get',
    path: '/admin/v1/root-causes',
    tag: 'admin',
    auth: 'secret',
    summary:
      'Root causes of detractors (Pareto, score impact), follow-up within SLA, times to contact and resolution, recovered customers',
    query: ZRootCauseQuery,
    responses: ok,
  },
  {
    method: 'post',
    path: '/admin/v1/webhooks',
    tag: 'admin',
    auth: 'secret',
    summary:
      'Create a webhook for response.created, detractor.created, case.updated (its secret is shown once)',
    body: ZWebhookCreate,
    responses: { 201: 'Created' },
  },
  {
    method: 'get',
    path: '/admin/v1/webhooks',
    tag: 'admin',
    auth: 'secret',
    summary: 'List webhooks',
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/webhooks/:id',
    tag: 'admin',
    auth: 'secret',
    summary: 'Read a webhook',
    responses: ok,
  },
  {
    method: 'patch',
    path: '/admin/v1/webhooks/:id',
    tag: 'admin',
    auth: 'secret',
    summary: 'Change a webhook: URL, events, format, or pause it (queued events wait)',
    body: ZWebhookUpdate,
    responses: ok,
  },
  {
    method: 'delete',
    path: '/admin/v1/webhooks/:id',
    tag: 'admin',
    auth: 'secret',
    summary: 'Delete a webhook with its queued events and delivery log',
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/webhooks/:id/deliveries',
    tag: 'admin',
    auth: 'secret',
    summary: 'Delivery attempts of a webhook, newest first, with a cursor',
    query: ZDeliveryListQuery,
    responses: ok,
  },
  {
    method: 'post',
    path: '/admin/v1/webhooks/:id/test',
    tag: 'admin',
    auth: 'secret',
    summary: 'Queue a webhook.test event for this webhook',
    responses: { 202: 'Queued' },
  },
  {
    method: 'post',
    path: '/admin/v1/webhooks/:id/events/:eventId/redeliver',
    tag: 'admin',
    auth: 'secret',
    summary: 'Send a delivered or dead event again, on a fresh retry schedule (409 while it is still queued)',
    responses: { 202: 'Queued' },
  },
  {
    method: 'get',
    path: '/admin/v1/taxonomy',
    tag: 'admin',
    auth: 'secret',
    summary:
      'The themes comments are tagged with and cases are rooted in: the defaults and the project’s own',
    responses: ok,
  },
  {
    method: 'put',
    path: '/admin/v1/taxonomy/themes/:key',
    tag: 'admin',
    auth: 'secret',
    summary:
      'Create or replace one of the project’s own themes (keywords, phrases, excludes); starts a re-tag',
    body: ZThemeDefinition,
    responses: { 200: 'Replaced', 201: 'Created' },
  },
  {
    method: 'delete',
    path: '/admin/v1/taxonomy/themes/:key',
    tag: 'admin',
    auth: 'secret',
    summary: 'Remove one of the project’s own themes; starts a re-tag',
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/responses/:id/tags',
    tag: 'admin',
    auth: 'secret',
    summary: 'A response’s comment tags: language, sentiment, themes, and which a person corrected',
    responses: ok,
  },
  {
    method: 'put',
    path: '/admin/v1/responses/:id/tags',
    tag: 'admin',
    auth: 'secret',
    summary:
      'Correct a response’s sentiment and/or themes (by whom: body `by` or X-Heed-Actor); kept over re-tags',
    body: ZTagCorrection,
    responses: ok,
  },
  {
    method: 'post',
    path: '/admin/v1/retag',
    tag: 'admin',
    auth: 'secret',
    summary: 'Re-tag every comment of the project in the background; resumable, corrections kept',
    responses: { 202: 'Started (or restarted)' },
  },
  {
    method: 'get',
    path: '/admin/v1/jobs/:id',
    tag: 'admin',
    auth: 'secret',
    summary: 'A background job’s progress: status, done of total',
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/events',
    tag: 'admin',
    auth: 'secret',
    summary:
      'Usage events, latest first, filtered by type, name, person, time and context (user agent, locale, ' +
      'library, UTM campaign, page path, referrer, title)',
    query: ZEventListQuery,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/ingest/errors',
    tag: 'admin',
    auth: 'secret',
    summary:
      'The latest messages refused while the rest of their request was stored: route, index, field, reason',
    query: ZIngestErrorQuery,
    responses: ok,
  },
  {
    method: 'post',
    path: '/auth/v1/sign-in',
    tag: 'auth',
    auth: 'person',
    summary:
      'Sign a person in with e-mail and password: sets the HttpOnly session cookie, returns the CSRF token ' +
      'cookie-authenticated writes send in X-Heed-CSRF; failures are rate-limited per account and address',
    body: ZSignIn,
    responses: ok,
  },
  {
    method: 'get',
    path: '/auth/v1/me',
    tag: 'auth',
    auth: 'person',
    summary: 'The signed-in person (session cookie), their project and the session’s CSRF token',
    responses: ok,
  },
  {
    method: 'post',
    path: '/auth/v1/sign-out',
    tag: 'auth',
    auth: 'person',
    summary: 'End this session (session cookie and X-Heed-CSRF)',
    responses: { 204: 'Signed out' },
  },
  {
    method: 'post',
    path: '/auth/v1/sign-out-everywhere',
    tag: 'auth',
    auth: 'person',
    summary: 'End every session of the signed-in person (session cookie and X-Heed-CSRF)',
    responses: ok,
  },
  {
    method: 'post',
    path: '/auth/v1/password',
    tag: 'auth',
    auth: 'person',
    summary: 'Set a password with the one-time token of a set-password link; ends the person’s sessions',
    body: ZSetPassword,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/users',
    tag: 'admin',
    auth: 'secret',
    summary: 'The people who sign in to the dashboard, with their roles',
    responses: ok,
  },
  {
    method: 'post',
    path: '/admin/v1/users',
    tag: 'admin',
    auth: 'secret',
    summary: 'Invite a person (admin session or secret key): returns their one-time set-password link',
    body: ZInvite,
    responses: { 201: 'Invited' },
  },
  ...REVENUE_OPERATIONS,
  ...ACCOUNT_OPERATIONS,
  ...HEALTH_OPERATIONS,
  ...USAGE_OPERATIONS,
]
