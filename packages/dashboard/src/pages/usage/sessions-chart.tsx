import uPlot from 'uplot'
import { ChartTable } from '../../ui/chart-table'
import { axisStyle, Legend, Plot } from '../../ui/plot'
import { formatDuration } from './figures'
import { periodAxis, WHOLE_STEPS } from './period-axis'
import type { TrendChartProps } from './types'

/**
 * Sessions per period as bars on the left scale, and their mean duration as a line on a scale of minutes at
 * the right: two units, so two axes, each in the colour of what it measures.
 */
export function SessionsChart({ points, unit, timeZone }: Omit<TrendChartProps, 'actor'>) {
  const x = periodAxis(points, unit, timeZone)
  const minutes = points.map((point) =>
    point.sessions.averageDurationMs === null ? null : point.sessions.averageDurationMs / 60_000,
  )
  const data = [x.indexes, points.map((point) => point.sessions.count), minutes]
  return (
    <>
      <Legend
        items={[
          { label: 'Sessions', color: 'usage-sessions' },
          { label: 'Average duration', color: 'text', line: true },
        ]}
      />
      <Plot
        label={`Sessions per ${unit} as bars, and their average duration in minutes as a line`}
        height={200}
        data={data as [number[], number[], (number | null)[]]}
        options={(palette) => {
          const axis = axisStyle(palette)
          return {
            scales: {
              x: x.scale,
              y: { range: (_, _min, max) => [0, Math.max(1, max * 1.1)] },
              minutes: { range: (_, _min, max) => [0, Math.max(1, max * 1.2)] },
            },
            series: [
              {},
              {
                label: 'Sessions',
                fill: palette('usage-sessions'),
                stroke: palette('usage-sessions'),
                paths: uPlot.paths.bars?.({ size: [0.6, 40] }),
                points: { show: false },
              },
              {
                label: 'Average duration',
                scale: 'minutes',
                stroke: palette('text'),
                width: 2,
                points: { show: points.length <= 60, size: 4, fill: palette('text') },
              },
            ],
            axes: [
              { ...axis, grid: { show: false }, ...x.axis },
              { ...axis, size: 44, incrs: WHOLE_STEPS },
              {
                ...axis,
                scale: 'minutes',
                side: 1,
                size: 60,
                grid: { show: false },
                values: (_, splits) => splits.map((split) => `${split} min`),
              },
            ],
          }
        }}
        fallback={
          <ChartTable
            caption={`Sessions per ${unit} and their average duration`}
            columns={['Sessions', 'Average duration']}
            rows={points.map((point) => ({
              key: point.start,
              label: point.label,
              cells: [point.sessions.count, formatDuration(point.sessions.averageDurationMs)],
            }))}
          />
        }
      />
    </>
  )
}
