import uPlot from 'uplot'
import { formatMoney } from '../../format'
import { ChartTable } from '../../ui/chart-table'
import { axisStyle, categoryAxis, Legend, Plot } from '../../ui/plot'
import type { MovementPointJson } from './types'

/** Movements above the axis (MRR gained) and below it (MRR lost), in the order they are stacked. */
const GAINS = [
  { key: 'new', label: 'New', color: 'rev-new' },
  { key: 'expansion', label: 'Expansion', color: 'rev-expansion' },
  { key: 'reactivation', label: 'Reactivation', color: 'rev-reactivation' },
] as const
const LOSSES = [
  { key: 'contraction', label: 'Contraction', color: 'rev-contraction' },
  { key: 'churn', label: 'Churn', color: 'rev-churn' },
] as const

const netOf = (point: MovementPointJson) => point.mrr.end - point.mrr.start

/**
 * Each period's MRR movements as stacked bars, gains up and losses down, and the net change as a line. uPlot
 * draws bars from zero, so each stack is drawn as its running totals, tallest first, each bar over the last.
 */
export function MovementsChart({ points, currency }: { points: MovementPointJson[]; currency: string }) {
  const running = (keys: readonly { key: keyof MovementPointJson['mrr'] }[], sign: number) =>
    keys.map((_, upTo) =>
      points.map((point) => sign * keys.slice(0, upTo + 1).reduce((sum, { key }) => sum + point.mrr[key], 0)),
    )
  const gains = running(GAINS, 1)
  const losses = running(LOSSES, -1)
  // Tallest stack first so the shorter ones draw over it.
  const stacks = [
    ...GAINS.map((gain, i) => ({ ...gain, values: gains[i] as number[] })).reverse(),
    ...LOSSES.map((loss, i) => ({ ...loss, values: losses[i] as number[] })).reverse(),
  ]
  const data: uPlot.AlignedData = [
    points.map((_, index) => index),
    ...stacks.map((stack) => stack.values),
    points.map(netOf),
  ]
  const money = (value: number) => formatMoney(value, currency)
  return (
    <>
      <Legend
        items={[
          ...GAINS.map(({ label, color }) => ({ label, color })),
          ...LOSSES.map(({ label, color }) => ({ label, color })),
          { label: 'Net change', color: 'text', line: true },
        ]}
      />
      <Plot
        label={`MRR movements per period in ${currency}: new, expansion and reactivation above the axis, contraction and churn below, with the net change as a line`}
        height={280}
        data={data}
        options={(palette) => {
          const bars = uPlot.paths.bars?.({ size: [0.7, 48] })
          const axis = axisStyle(palette)
          return {
            scales: { x: { time: false, range: [-0.5, points.length - 0.5] } },
            series: [
              {},
              ...stacks.map((stack) => ({
                label: stack.label,
                fill: palette(stack.color),
                stroke: palette(stack.color),
                paths: bars,
                points: { show: false },
              })),
              {
                label: 'Net change',
                stroke: palette('text'),
                width: 2,
                points: { show: true, size: 5, fill: palette('text') },
              },
            ],
            axes: [
              {
                ...axis,
                grid: { show: false },
                ...categoryAxis(points.map((point) => point.label)),
              },
              { ...axis, size: 64, values: (_, splits) => splits.map(money) },
            ],
          }
        }}
        fallback={
          <ChartTable
            caption={`MRR movements per period (${currency})`}
            columns={[
              'Start MRR',
              ...[...GAINS, ...LOSSES].map(({ label }) => label),
              'Net change',
              'End MRR',
            ]}
            rows={points.map((point) => ({
              key: point.start,
              label: point.label,
              cells: [
                money(point.mrr.start),
                ...GAINS.map(({ key }) => money(point.mrr[key])),
                ...LOSSES.map(({ key }) => money(-point.mrr[key])),
                money(netOf(point)),
                money(point.mrr.end),
              ],
            }))}
          />
        }
      />
    </>
  )
}
