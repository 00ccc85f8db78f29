import { type DashboardQuery, linkTo, PERIOD_LABELS, PERIODS } from '../../query-state'

/** The period as links: choosing one is following a link to the same view over another period. */
export function PeriodPicker({ query, path }: { query: DashboardQuery; path: string }) {
  return (
    <nav class="segmented" aria-label="Period">
      {PERIODS.map((period) => (
        <a
          key={period}
          href={linkTo(path, query, { period })}
          aria-current={query.period === period ? 'true' : undefined}
        >
          {PERIOD_LABELS[period]}
        </a>
      ))}
    </nav>
  )
}
