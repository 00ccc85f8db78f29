import { ZStripeSubscriptionEvent } from '@heed/shared/revenue/stripe'
import { ZStripeEndpointPut } from '../admin/integrations/stripe'
import { ZCostsPut } from '../admin/revenue/economics'
import { ZRevenueQuery } from '../admin/revenue/figures'
import { ZGoalsPut } from '../admin/revenue/goals'
import { ZReportNotesPut, ZReportQuery } from '../admin/revenue/report'
import { ZRatesPut, ZRevenueChanges, ZRevenueSettings } from '../admin/revenue/schemas'
import type { Operation } from './operations'

const ok = { 200: 'OK' }

/** The revenue-retention routes, kept apart from the other operations so that each list stays readable. */
export const REVENUE_OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/integrations/stripe/:projectId',
    tag: 'integrations',
    auth: 'stripeSignature',
    summary:
      'Stripe’s webhook for the project: customer.subscription.created|updated|deleted become MRR changes in ' +
      'the ledger; 400 for a bad or stale signature; retries and older events change nothing; other types are ignored',
    body: ZStripeSubscriptionEvent,
    responses: { 200: 'Applied, or a retry, an older event or another type, as `outcome` says' },
  },
  {
    method: 'get',
    path: '/admin/v1/integrations/stripe',
    tag: 'admin',
    auth: 'secret',
    summary: 'Where to point Stripe’s webhook, and the endpoint secret’s last characters',
    responses: ok,
  },
  {
    method: 'put',
    path: '/admin/v1/integrations/stripe',
    tag: 'admin',
    auth: 'secret',
    summary: 'Set or replace the Stripe endpoint’s signing secret (whsec_…), never shown in full again',
    body: ZStripeEndpointPut,
    responses: ok,
  },
  {
    method: 'post',
    path: '/admin/v1/revenue/changes',
    tag: 'admin',
    auth: 'secret',
    summary:
      'Append up to 1,000 MRR changes to the ledger, all or nothing; idempotent by id, else account and at; ' +
      '422 names a change whose currency lacks the month’s rate',
    body: ZRevenueChanges,
    responses: { 200: 'Every change was already stored', 201: 'Stored' },
  },
  {
    method: 'get',
    path: '/admin/v1/accounts/:id/revenue',
    tag: 'admin',
    auth: 'secret',
    summary: 'An account’s MRR changes, oldest first',
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/revenue/settings',
    tag: 'admin',
    auth: 'secret',
    summary: 'The project’s reporting currency',
    responses: ok,
  },
  {
    method: 'put',
    path: '/admin/v1/revenue/settings',
    tag: 'admin',
    auth: 'secret',
    summary: 'Set the reporting currency (only while the ledger is empty)',
    body: ZRevenueSettings,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/revenue/rates',
    tag: 'admin',
    auth: 'secret',
    summary: 'Exchange rates into the reporting currency, per currency and month',
    responses: ok,
  },
  {
    method: 'put',
    path: '/admin/v1/revenue/rates',
    tag: 'admin',
    auth: 'secret',
    summary:
      'Add or replace monthly exchange rates (decimal text, one unit of the currency in reporting units)',
    body: ZRatesPut,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/revenue/movements',
    tag: 'admin',
    auth: 'secret',
    summary:
      'MRR movements (new, expansion, contraction, churn, reactivation), customers, ARR and ARPA per month or ' +
      'quarter in any time zone, optionally splitBy=trait:<name> of the account; the largest movers of the last period',
    query: ZRevenueQuery,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/revenue/retention',
    tag: 'admin',
    auth: 'secret',
    summary:
      'GRR, NRR, gross and net MRR churn, upsell, downgrade and churn rates, quick ratio, logo retention and ' +
      'trailing-twelve-month NRR and GRR per period, as exact ratios',
    query: ZRevenueQuery,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/revenue/cohorts',
    tag: 'admin',
    auth: 'secret',
    summary: 'Accounts grouped by first paid month (or quarter): logos and MRR kept after each later period',
    query: ZRevenueQuery,
    responses: ok,
  },
  {
    method: 'put',
    path: '/admin/v1/costs/:month',
    tag: 'admin',
    auth: 'secret',
    summary:
      'A month’s costs in minor units (sales & marketing, customer success, support, product development) and gross margin %',
    body: ZCostsPut,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/revenue/economics',
    tag: 'admin',
    auth: 'secret',
    summary:
      'Unit economics per month: CAC, CLTV, CLTV:CAC, CAC payback, customer retention cost, cost to carry; ' +
      'null with a reason when undefined',
    query: ZRevenueQuery,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/goals',
    tag: 'admin',
    auth: 'secret',
    summary:
      'The team’s goals: one per metric, e.g. netRevenueRetention >= 1, revenueChurnRate < 0.015, nps >= 40',
    responses: ok,
  },
  {
    method: 'put',
    path: '/admin/v1/goals',
    tag: 'admin',
    auth: 'secret',
    summary: 'Replace the goals (rates as fractions, NPS in points)',
    body: ZGoalsPut,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/reports/monthly/:month',
    tag: 'admin',
    auth: 'secret',
    summary:
      'The monthly CS report: retention, upsell, downgrades and churn against their goals with 12-month series ' +
      'and biggest movers; the survey block with revenue at risk; the team’s notes. format=md gives Markdown',
    query: ZReportQuery,
    responses: ok,
  },
  {
    method: 'put',
    path: '/admin/v1/reports/monthly/:month/notes',
    tag: 'admin',
    auth: 'secret',
    summary: 'Set key insights per section and next actions of a month’s report, kept with author and time',
    body: ZReportNotesPut,
    responses: ok,
  },
]
