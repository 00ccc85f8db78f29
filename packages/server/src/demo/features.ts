import type { TFeature } from '@heed/shared/usage/features'

/**
 * The demo product's feature catalogue: the events of usage.ts grouped as a product manager would name
 * them, and which plans include each. Starter accounts use PDF exports and alerts that only Pro includes,
 * and some Pro accounts API keys, so the account pages have upsell signals ("outside plan") to show.
 */
export const DEMO_FEATURES: TFeature[] = [
  { key: 'filters', label: 'Filters', events: ['filter.applied'], pages: [] },
  { key: 'reports', label: 'Reports', events: ['report.created'], pages: [{ pattern: '/reports/*' }] },
  { key: 'csv-export', label: 'CSV export', events: ['export.csv'], pages: [] },
  {
    key: 'dashboards',
    label: 'Dashboards',
    events: ['dashboard.created', 'dashboard.shared'],
    pages: [{ prefix: '/dashboards' }],
  },
  {
    key: 'pdf-export',
    label: 'PDF export',
    events: ['export.pdf'],
    pages: [],
    plans: ['pro', 'enterprise'],
  },
  {
    key: 'alerts',
    label: 'Alerts',
    events: ['alert.created'],
    pages: [{ prefix: '/alerts' }],
    plans: ['pro', 'enterprise'],
  },
  { key: 'team-invites', label: 'Team invites', events: ['team.invited'], pages: [] },
  { key: 'integrations', label: 'Integrations', events: ['integration.connected'], pages: [] },
  { key: 'api', label: 'API keys', events: ['api_key.created'], pages: [], plans: ['enterprise'] },
  { key: 'sso', label: 'Single sign-on', events: ['sso.configured'], pages: [], plans: ['enterprise'] },
]
