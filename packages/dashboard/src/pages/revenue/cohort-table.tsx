import { formatMoney, formatPercent } from '../../format'
import type { CohortsJson } from './types'

/**
 * Cohorts as a table of the share of MRR each still pays 1, 2, … months after it started, the logos kept
 * beside it. The cell's shade is only an aid: every value is written in the cell.
 */
export function CohortTable({ cohorts, currency, unit }: CohortsJson & { unit: 'month' | 'quarter' }) {
  const longest = Math.max(0, ...cohorts.map((cohort) => cohort.after.length))
  const months = Array.from({ length: longest }, (_, index) => index + 1)
  return (
    // Focusable so the keyboard can scroll it when the table is wider than the screen.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled without a mouse
    <section class="table-scroll" tabIndex={0} aria-labelledby="cohorts-title">
      <table class="table cohorts">
        <caption class="visually-hidden">
          Share of each cohort's starting MRR still paid, and of its accounts still paying, after 1 to{' '}
          {longest} months
        </caption>
        <thead>
          <tr>
            <th scope="col">Cohort</th>
            <th scope="col">Accounts</th>
            <th scope="col">Start MRR</th>
            {months.map((month) => (
              <th key={month} scope="col">
                +{month}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cohorts.map((cohort) => (
            <tr key={cohort.label}>
              <th scope="row">{cohort.label}</th>
              <td>{cohort.base.accounts}</td>
              <td>{formatMoney(cohort.base.mrr, currency)}</td>
              {months.map((month) => {
                const cell = cohort.after[month - 1]
                if (!cell) return <td key={month} class="heat-none" />
                const share = cell.mrr.value
                // Up to 45% colour: enough to read the pattern, little enough that the text keeps its contrast.
                const strength = share === null ? 0 : Math.round(Math.min(1, Math.max(0, share)) * 45)
                return (
                  <td
                    key={month}
                    class="heat"
                    style={{ '--heat': `${strength}%` }}
                    title={`${cohort.label} after ${month} ${unit}s: MRR ${formatPercent(share)}, accounts ${formatPercent(cell.logos.value)}`}
                  >
                    {share === null ? '—' : `${Math.round(share * 100)}%`}
                    <span class="heat-logos">
                      {cell.logos.numerator}/{cell.logos.denominator}
                    </span>
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
