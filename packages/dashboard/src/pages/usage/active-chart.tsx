import { ChartTable } from '../../ui/chart-table'
import { axisStyle, Legend, Plot } from '../../ui/plot'
import { formatActive } from './figures'
import { periodAxis, WHOLE_STEPS } from './period-axis'
import type { ActiveCountsJson, TrendChartProps } from './types'

const LINES = [
  { key: 'dau', label: 'DAU (mean)', color: 'accent' },
  { key: 'wau', label: 'WAU', color: 'usage-wau' },
  { key: 'mau', label: 'MAU', color: 'usage-mau' },
] as const satisfies readonly { key: keyof ActiveCountsJson; label: string; color: string }[]

/**
 * Active people (or accounts) per period: the mean of the daily counts, and the 7- and 30-day counts at the
 * period's last day. Three lines on one scale, so the gap between DAU and MAU reads as stickiness does.
 */
export function ActiveChart({ points, actor, unit, timeZone }: TrendChartProps) {
  const x = periodAxis(points, unit, timeZone)
  const data: [number[], ...number[][]] = [
    x.indexes,
    ...LINES.map((line) => points.map((point) => point[actor][line.key])),
  ]
  return (
    <>
      <Legend items={LINES.map(({ label, color }) => ({ label, color, line: true }))} />
      <Plot
        label={`Active ${actor} per ${unit}: mean daily active, and active in the last 7 and 30 days of each ${unit}`}
        height={260}
        data={data}
        options={(palette) => {
          const axis = axisStyle(palette)
          return {
            scales: { x: x.scale, y: { range: (_, _min, max) => [0, Math.max(1, max * 1.1)] } },
            series: [
              {},
              ...LINES.map((line) => ({
                label: line.label,
                stroke: palette(line.color),
                width: 2,
                points: { show: points.length <= 60, size: 5, fill: palette(line.color) },
              })),
            ],
            axes: [
              { ...axis, grid: { show: false }, ...x.axis },
              { ...axis, size: 48, incrs: WHOLE_STEPS, values: (_, splits) => splits.map(formatActive) },
            ],
          }
        }}
        fallback={
          <ChartTable
            caption={`Active ${actor} per ${unit}`}
            columns={['Active in the period', ...LINES.map(({ label }) => label)]}
            rows={points.map((point) => ({
              key: point.start,
              label: point.label,
              cells: [point[actor].active, ...LINES.map(({ key }) => formatActive(point[actor][key]))],
            }))}
          />
        }
      />
    </>
  )
}
