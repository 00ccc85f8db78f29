import { useEffect, useRef } from 'preact/hooks'
import uPlot from 'uplot'
import { formatScore, KIND_LABELS } from '../../format'
import type { Kind } from '../../query-state'
import { useThemeVersion } from '../../theme'
import type { TrendJson } from '.'
import { NPS_BENCHMARK } from './benchmark'

/**
 * The score per period as a line, its 95% interval as a band around it, and for NPS the directional B2B
 * SaaS benchmark as a second band behind them. Drawn by uPlot (canvas), with the same numbers in a table
 * for screen readers.
 */
export function TrendChart({ kind, points }: { kind: Kind; points: TrendJson['points'] }) {
  const box = useRef<HTMLDivElement>(null)
  const theme = useThemeVersion()
  useEffect(() => {
    const element = box.current
    if (!element) return
    const withData = points.map((point) => (point.summary.status === 'no_data' ? undefined : point.summary))
    const benchmark = kind === 'nps'
    const data: uPlot.AlignedData = [
      points.map((point) => new Date(point.start).getTime() / 1000),
      withData.map((s) => (s ? s.score.high : null)),
      withData.map((s) => (s ? s.score.low : null)),
      withData.map((s) => (s ? s.score.value : null)),
      ...(benchmark ? [points.map(() => NPS_BENCHMARK.high), points.map(() => NPS_BENCHMARK.low)] : []),
    ]
    const styles = getComputedStyle(element)
    const accent = styles.getPropertyValue('--accent').trim() || '#4f46e5'
    const band = styles.getPropertyValue('--band').trim() || 'rgba(79,70,229,0.15)'
    const benchBand = styles.getPropertyValue('--bench').trim() || 'rgba(154,91,0,0.14)'
    const text = styles.getPropertyValue('--muted').trim() || '#666'
    const grid = styles.getPropertyValue('--line').trim() || '#ddd'
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } }
    const chart = new uPlot(
      {
        width: element.clientWidth,
        height: 260,
        series: [
          {},
          { label: 'High', stroke: 'transparent', points: { show: false } },
          { label: 'Low', stroke: 'transparent', points: { show: false } },
          {
            label: KIND_LABELS[kind],
            stroke: accent,
            width: 2,
            points: { show: true, size: 5, fill: accent },
          },
          ...(benchmark
            ? [
                { label: 'Benchmark high', stroke: 'transparent', points: { show: false } },
                { label: 'Benchmark low', stroke: 'transparent', points: { show: false } },
              ]
            : []),
        ],
        bands: [
          { series: [1, 2], fill: band },
          ...(benchmark ? [{ series: [4, 5] as [number, number], fill: benchBand }] : []),
        ],
        axes: [axis, { ...axis, size: 44 }],
      },
      data,
      element,
    )
    // For bench/dashboard-render.ts: when the overview's last part has drawn.
    performance.mark('heed:trend-drawn')
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: 260 }))
    resize.observe(element)
    return () => {
      resize.disconnect()
      chart.destroy()
    }
  }, [kind, points, theme])
  return (
    <figure class="chart">
      <ul class="legend" aria-hidden="true">
        <li>
          <span class="swatch swatch-line" style={{ '--swatch': 'var(--accent)' }} />
          {KIND_LABELS[kind]}
        </li>
        <li>
          <span class="swatch" style={{ '--swatch': 'var(--band)' }} />
          95% interval
        </li>
        {kind === 'nps' && (
          <li>
            <span class="swatch" style={{ '--swatch': 'var(--bench)' }} />
            {NPS_BENCHMARK.label}
          </li>
        )}
      </ul>
      <div
        ref={box}
        role="img"
        aria-label={`${KIND_LABELS[kind]} trend with its 95% interval band${kind === 'nps' ? `, beside the ${NPS_BENCHMARK.label}` : ''}`}
      />
      {/* Hidden by its wrapper: a table box grows to fit its rows whatever height it is given. */}
      <div class="visually-hidden">
        <table>
          <caption>
            {KIND_LABELS[kind]} by period{kind === 'nps' && `; ${NPS_BENCHMARK.label}`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Score</th>
              <th scope="col">95% interval</th>
              <th scope="col">Answers</th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.start}>
                <td>{point.label}</td>
                {point.summary.status === 'no_data' ? (
                  <td colSpan={3}>no answers</td>
                ) : (
                  <>
                    <td>{formatScore(kind, point.summary.score.value)}</td>
                    <td>
                      {formatScore(kind, point.summary.score.low)} to{' '}
                      {formatScore(kind, point.summary.score.high)}
                    </td>
                    <td>{point.summary.n}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  )
}
