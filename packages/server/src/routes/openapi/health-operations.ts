import { ZBacktestQuery, ZHealthModelPut, ZHistoryQuery } from '../admin/health'
import { ZLifecycleRulesPut, ZStagePut, ZSummaryQuery } from '../admin/lifecycle'
import type { Operation } from './operations'

const ok = { 200: 'OK' }

/** Account health and lifecycle stages. */
export const HEALTH_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/admin/v1/health/model',
    tag: 'admin',
    auth: 'secret',
    summary:
      'The project’s health model: each component’s weight and thresholds, and the bands (the default until set)',
    responses: ok,
  },
  {
    method: 'put',
    path: '/admin/v1/health/model',
    tag: 'admin',
    auth: 'secret',
    summary: 'Replace the health model; the next recompute scores with it',
    body: ZHealthModelPut,
    responses: ok,
  },
  {
    method: 'post',
    path: '/admin/v1/health/recompute',
    tag: 'admin',
    auth: 'secret',
    summary:
      'Score every account now: stores today’s snapshot and each latest score, queues account.health_changed for ' +
      'a band that changed, and moves accounts to the stage the lifecycle rules give them',
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/health/backtest',
    tag: 'admin',
    auth: 'secret',
    summary:
      'How well the score separated accounts lost (cancelled or downgraded within horizonDays) from those kept: ' +
      'ROC AUC with counts, per scoring day and per band, scores recomputed from the data as it was',
    query: ZBacktestQuery,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/accounts/:id/health',
    tag: 'admin',
    auth: 'secret',
    summary:
      'An account’s latest health with its explanation, the trend against 30 days before, and daily history',
    query: ZHistoryQuery,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/lifecycle/rules',
    tag: 'admin',
    auth: 'secret',
    summary: 'The rules that decide lifecycle stages (the defaults until set)',
    responses: ok,
  },
  {
    method: 'put',
    path: '/admin/v1/lifecycle/rules',
    tag: 'admin',
    auth: 'secret',
    summary: 'Replace the lifecycle rules; the next recompute applies them',
    body: ZLifecycleRulesPut,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/lifecycle/summary',
    tag: 'admin',
    auth: 'secret',
    summary: 'Per stage: accounts, MRR and median days in stage; per monthly cohort: median time to value',
    query: ZSummaryQuery,
    responses: ok,
  },
  {
    method: 'put',
    path: '/admin/v1/accounts/:id/stage',
    tag: 'admin',
    auth: 'secret',
    summary:
      'Set an account’s stage by hand with a reason (kept over the rules until handed back with stage auto, or ' +
      'a cancellation); a retry adds no history',
    body: ZStagePut,
    responses: ok,
  },
  {
    method: 'get',
    path: '/admin/v1/accounts/:id/stages',
    tag: 'admin',
    auth: 'secret',
    summary: 'An account’s current stage and every stage it went through, newest first',
    responses: ok,
  },
]
