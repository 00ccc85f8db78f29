import { ZAdoptionQuery, ZCatalogueBody, ZUsageTrendQuery } from '../admin/usage'
import type { Operation } from './operations'

const ok = { 200: 'OK' }

/** The usage-analytics routes, kept apart from the other operations so that each list stays readable. */
export const USAGE_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/admin/v1/usage/trend',
    tag: 'admin',
    auth: 'secret',
    summary:
      'Active people and accounts (DAU, WAU, MAU, active in the period), stickiness, sessions and their mean ' +
      'duration by day, week, month or quarter in a time zone, for the project, one account or a segment ' +
      '(account trait), optionally split by an account trait; `lagEvents`: stored events not yet in the figures',
    query: ZUsageTrendQuery,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/features',
    tag: 'admin',
    auth: 'secret',
    summary: 'The feature catalogue, and the rebuild of its uses while one runs',
    responses: ok,
  },
  {
    method: 'put',
    path: '/admin/v1/features',
    tag: 'admin',
    auth: 'secret',
    summary:
      'Replace the feature catalogue (key, label, event names and page rules meaning "used it", plans including ' +
      'it); a change of rules counts every use again from the events in a background job',
    body: ZCatalogueBody,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/features/adoption',
    tag: 'admin',
    auth: 'secret',
    summary:
      'Per feature: people and accounts using it and their share of the active ones, over the range and per period',
    query: ZAdoptionQuery,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/accounts/:id/features',
    tag: 'admin',
    auth: 'secret',
    summary:
      'Which features an account uses (uses, last use, people), which it never tried, and which it uses outside its plan',
    responses: { 200: 'OK', 404: 'No such account' },
  },
]
