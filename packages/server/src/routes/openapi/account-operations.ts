import { ZAccountOverviewQuery } from '../admin/accounts/overview'
import { ZTeamMetricsQuery } from '../admin/team-metrics'
import type { Operation } from './operations'

const ok = { 200: 'OK' }

/** The accounts' overview, the CS team's metrics and the CSV exports, kept apart so each list stays readable. */
export const ACCOUNT_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/admin/v1/accounts/:id/overview',
    tag: 'admin',
    auth: 'secret',
    summary:
      'One account: owner, health with its explanation and daily history, stages, revenue changes, scores per ' +
      'period, people with their latest answer, cases, 30-day usage, and one timeline of it all, paged by cursor',
    query: ZAccountOverviewQuery,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/team/metrics',
    tag: 'admin',
    auth: 'secret',
    summary:
      'The CS team’s own metrics per manager (account trait owner) and for the team: book (accounts, MRR, ' +
      'health bands, contact coverage) and, per period, participation, follow-up within SLA, root-cause share, ' +
      'first-contact resolution and median hours to first contact',
    query: ZTeamMetricsQuery,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/exports/:kind',
    tag: 'admin',
    auth: 'secret',
    summary:
      'CSV export (RFC 4180, UTF-8, streamed) of responses, cases, accounts, people or events, taking the ' +
      'filters of the matching list (not limit or cursor); bom=1 adds a byte-order mark for Excel; cells that ' +
      'start with =, +, -, @, tab or CR are prefixed with a single quote so spreadsheets never run them',
    responses: { 200: 'text/csv; charset=utf-8, as an attachment named heed-<kind>-<YYYY-MM-DD>.csv' },
  },
]
