import type uPlot from 'uplot'
import { formatDate } from '../../format'
import { BAND_LABELS } from '../../ui/health-badge'
import { axisStyle, Plot } from '../../ui/plot'
import type { AccountOverviewJson } from './types'

const dayTime = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000

/**
 * The account's daily health score (0-100) as a line, drawn by uPlot, with the same days in a table for
 * screen readers. Days without a score (too little data) leave a gap.
 */
export function HealthChart({ history }: { history: AccountOverviewJson['health']['history'] }) {
  const data: uPlot.AlignedData = [history.map((day) => dayTime(day.day)), history.map((day) => day.score)]
  return (
    <Plot
      label={`Health score by day, ${history.length} days`}
      height={200}
      data={data}
      options={(palette) => ({
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { y: { range: [0, 100] } },
        series: [
          {},
          {
            label: 'Health',
            stroke: palette('accent'),
            width: 2,
            spanGaps: false,
            points: { show: history.length < 40, size: 4, fill: palette('accent') },
          },
        ],
        axes: [axisStyle(palette), { ...axisStyle(palette), size: 36, splits: () => [0, 25, 50, 75, 100] }],
      })}
      fallback={
        <table>
          <caption>Health by day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Score</th>
              <th scope="col">Band</th>
            </tr>
          </thead>
          <tbody>
            {history.map((day) => (
              <tr key={day.day}>
                <td>{formatDate(`${day.day}T12:00:00Z`)}</td>
                <td>{day.score ?? 'no score'}</td>
                <td>{day.band ? BAND_LABELS[day.band] : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}
