import type uPlot from 'uplot'
import { formatDate } from '../../format'
import { ChartTable } from '../../ui/chart-table'
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
        <ChartTable
          caption="Health by day"
          rowHeader="Day"
          columns={['Score', 'Band']}
          rows={history.map((day) => ({
            key: day.day,
            label: formatDate(`${day.day}T12:00:00Z`),
            cells: [day.score ?? 'no score', day.band ? BAND_LABELS[day.band] : '—'],
          }))}
        />
      }
    />
  )
}
