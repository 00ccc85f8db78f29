import { formatPercent } from '../../format'
import { ChartTable } from '../../ui/chart-table'
import { axisStyle, Legend, Plot } from '../../ui/plot'
import { periodAxis } from './period-axis'
import type { TrendChartProps } from './types'

/** DAU ÷ MAU per period, in percent, with a gap where nobody was active in the month before. */
export function StickinessChart({ points, actor, unit, timeZone }: TrendChartProps) {
  const x = periodAxis(points, unit, timeZone)
  const values = points.map((point) => point[actor].stickiness)
  const data = [x.indexes, values.map((value) => (value === null ? null : value * 100))]
  return (
    <>
      <Legend items={[{ label: 'DAU ÷ MAU, mean over the days', color: 'accent', line: true }]} />
      <Plot
        label={`Stickiness of ${actor} per ${unit}: mean daily active as a percentage of the 30-day active`}
        height={200}
        data={data as [number[], (number | null)[]]}
        options={(palette) => {
          const axis = axisStyle(palette)
          return {
            scales: {
              x: x.scale,
              y: { range: (_, _min, max) => [0, Math.max(10, Math.ceil(max / 10) * 10)] },
            },
            series: [
              {},
              {
                label: 'Stickiness',
                stroke: palette('accent'),
                fill: palette('band'),
                width: 2,
                points: { show: points.length <= 60, size: 5, fill: palette('accent') },
              },
            ],
            axes: [
              { ...axis, grid: { show: false }, ...x.axis },
              { ...axis, size: 48, values: (_, splits) => splits.map((split) => `${split}%`) },
            ],
          }
        }}
        fallback={
          <ChartTable
            caption={`Stickiness (DAU ÷ MAU) of ${actor} per ${unit}`}
            columns={['Stickiness']}
            rows={points.map((point, index) => ({
              key: point.start,
              label: point.label,
              cells: [formatPercent(values[index])],
            }))}
          />
        }
      />
    </>
  )
}
