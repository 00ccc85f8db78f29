import { formatPercent } from '../../format'
import { ChartTable } from '../../ui/chart-table'
import { axisStyle, categoryAxis, Legend, Plot } from '../../ui/plot'
import type { RetentionPointJson } from './types'

const LINES = [
  { label: 'NRR', color: 'rev-expansion', value: (p: RetentionPointJson) => p.netRevenueRetention.value },
  { label: 'GRR', color: 'rev-churn', value: (p: RetentionPointJson) => p.grossRevenueRetention.value },
  {
    label: 'NRR, trailing 12 months',
    color: 'rev-expansion',
    dashed: true,
    value: (p: RetentionPointJson) => p.trailing12.netRevenueRetention.value,
  },
  {
    label: 'GRR, trailing 12 months',
    color: 'rev-churn',
    dashed: true,
    value: (p: RetentionPointJson) => p.trailing12.grossRevenueRetention.value,
  },
] as const

/** NRR and GRR per period and over the trailing twelve months, as percentages; gaps where there was no base. */
export function RetentionChart({ points }: { points: RetentionPointJson[] }) {
  const data: (number | null)[][] = [
    points.map((_, index) => index),
    ...LINES.map((line) =>
      points.map((point) => (line.value(point) === null ? null : (line.value(point) as number) * 100)),
    ),
  ]
  return (
    <>
      <Legend
        items={LINES.map(({ label, color, ...line }) => ({
          label,
          color,
          line: true,
          dashed: 'dashed' in line,
        }))}
      />
      <Plot
        label="Net and gross revenue retention per period and over the trailing twelve months, in percent"
        height={240}
        data={data as [number[], ...(number | null)[][]]}
        options={(palette) => {
          const axis = axisStyle(palette)
          return {
            scales: { x: { time: false, range: [-0.5, points.length - 0.5] } },
            series: [
              {},
              ...LINES.map((line) => ({
                label: line.label,
                stroke: palette(line.color),
                width: 2,
                ...('dashed' in line && { dash: [6, 4] }),
                points: { show: !('dashed' in line), size: 5, fill: palette(line.color) },
              })),
            ],
            axes: [
              {
                ...axis,
                grid: { show: false },
                ...categoryAxis(points.map((point) => point.label)),
              },
              { ...axis, size: 52, values: (_, splits) => splits.map((value) => `${value}%`) },
            ],
          }
        }}
        fallback={
          <ChartTable
            caption="Revenue retention per period"
            columns={LINES.map(({ label }) => label)}
            rows={points.map((point) => ({
              key: point.label,
              label: point.label,
              cells: LINES.map((line) => formatPercent(line.value(point))),
            }))}
          />
        }
      />
    </>
  )
}
