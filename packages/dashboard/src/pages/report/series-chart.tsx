import { formatPercent } from '../../format'
import { ChartTable } from '../../ui/chart-table'
import { axisStyle, categoryAxis, Legend, Plot } from '../../ui/plot'
import type { ReportSectionJson } from './types'

/** A section's last twelve months as a line in percent, with its goal as a dashed level when one is set. */
export function SeriesChart({ section }: { section: ReportSectionJson }) {
  const { series, goal } = section
  const percent = (value: number | null) => (value === null ? null : value * 100)
  const data = [
    series.map((_, index) => index),
    series.map((point) => percent(point.value)),
    ...(goal ? [series.map(() => goal.target * 100)] : []),
  ]
  return (
    <>
      <Legend
        items={[
          { label: section.title, color: 'accent', line: true },
          ...(goal ? [{ label: 'Goal', color: 'muted', line: true, dashed: true }] : []),
        ]}
      />
      <Plot
        class="report-chart"
        label={`${section.title} over the last twelve months, in percent${goal ? ', with the goal as a dashed line' : ''}`}
        height={180}
        data={data as [number[], ...(number | null)[][]]}
        options={(palette) => {
          const axis = axisStyle(palette)
          return {
            cursor: { show: false },
            scales: { x: { time: false, range: [-0.5, series.length - 0.5] } },
            series: [
              {},
              {
                label: section.title,
                stroke: palette('accent'),
                width: 2,
                points: { show: true, size: 5, fill: palette('accent') },
              },
              ...(goal
                ? [
                    {
                      label: 'Goal',
                      stroke: palette('muted'),
                      width: 1,
                      dash: [6, 4],
                      points: { show: false },
                    },
                  ]
                : []),
            ],
            axes: [
              {
                ...axis,
                grid: { show: false },
                ...categoryAxis(series.map((point) => point.label)),
              },
              { ...axis, size: 52, values: (_, splits) => splits.map((value) => `${+value.toFixed(1)}%`) },
            ],
          }
        }}
        fallback={
          <ChartTable
            caption={`${section.title} by month`}
            rowHeader="Month"
            columns={[section.title]}
            rows={series.map((point) => ({
              key: point.label,
              label: point.label,
              cells: [formatPercent(point.value)],
            }))}
          />
        }
      />
    </>
  )
}
