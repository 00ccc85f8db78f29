import { formatMoney, formatPercent } from '../../format'
import type { ReportJson } from '../report/types'

const BUCKET_LABELS: Record<string, string> = {
  promoter: 'Promoters',
  passive: 'Passives',
  detractor: 'Detractors',
  '(none)': 'No NPS answer',
}

/** NRR and churned MRR by each account's NPS bucket when the month began, from the monthly report. */
export function NpsBucketTable({ report }: { report: ReportJson }) {
  if (report.survey.byNpsBucket.length === 0)
    return <p class="muted small">No paying accounts at the month's start.</p>
  return (
    <table class="table">
      <caption class="visually-hidden">
        NRR and churn by each account's NPS bucket when the month began
      </caption>
      <thead>
        <tr>
          <th scope="col">NPS bucket</th>
          <th scope="col">Start MRR</th>
          <th scope="col">NRR</th>
          <th scope="col">Churned</th>
        </tr>
      </thead>
      <tbody>
        {report.survey.byNpsBucket.map((entry) => (
          <tr key={entry.bucket}>
            <th scope="row">{BUCKET_LABELS[entry.bucket] ?? entry.bucket}</th>
            <td>{formatMoney(entry.startMrr, report.currency)}</td>
            <td>{formatPercent(entry.netRevenueRetention?.value)}</td>
            <td>{formatMoney(entry.churnedMrr, report.currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
