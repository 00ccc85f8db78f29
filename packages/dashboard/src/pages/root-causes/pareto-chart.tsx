import { useEffect, useRef } from 'preact/hooks'
import uPlot from 'uplot'
import { useThemeVersion } from '../../theme'
import type { ParetoEntryJson } from '.'

/**
 * Detractors per root cause as bars, most frequent first, and their cumulative share as a line on a 0-100%
 * scale. The numbers are also in the table below the chart.
 */
export function ParetoChart({ entries }: { entries: ParetoEntryJson[] }) {
  const box = useRef<HTMLDivElement>(null)
  const theme = useThemeVersion()
  useEffect(() => {
    const element = box.current
    if (!element) return
    const styles = getComputedStyle(element)
    const accent = styles.getPropertyValue('--accent').trim()
    const text = styles.getPropertyValue('--muted').trim()
    const grid = styles.getPropertyValue('--line').trim()
    const warn = styles.getPropertyValue('--warn').trim()
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } }
    const bars = uPlot.paths.bars?.({ size: [0.6, 64] })
    const chart = new uPlot(
      {
        width: element.clientWidth,
        height: 240,
        scales: { x: { time: false, range: [-0.5, entries.length - 0.5] }, share: { range: [0, 100] } },
        series: [
          {},
          { label: 'Detractors', fill: accent, stroke: accent, paths: bars, points: { show: false } },
          {
            label: 'Cumulative share',
            scale: 'share',
            stroke: warn,
            width: 2,
            points: { show: true, size: 5, fill: warn },
          },
        ],
        axes: [
          {
            ...axis,
            splits: () => entries.map((_, index) => index),
            // As much of each label as its slot holds (about 7 px a character).
            values: (self, splits) =>
              splits.map((index) =>
                shorten(entries[index]?.label ?? '', self.bbox.width / devicePixelRatio / entries.length / 7),
              ),
            grid: { show: false },
          },
          { ...axis, size: 40 },
          {
            ...axis,
            scale: 'share',
            side: 1,
            size: 48,
            grid: { show: false },
            values: (_, splits) => splits.map((v) => `${v}%`),
          },
        ],
      },
      [
        entries.map((_, index) => index),
        entries.map((entry) => entry.count),
        entries.map((entry) => entry.cumulativeShare * 100),
      ],
      element,
    )
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: 240 }))
    resize.observe(element)
    return () => {
      resize.disconnect()
      chart.destroy()
    }
  }, [entries, theme])
  return (
    <figure class="chart pareto">
      <div
        ref={box}
        role="img"
        aria-label="Pareto chart: detractors per root cause, most frequent first, with their cumulative share"
      />
    </figure>
  )
}

const shorten = (label: string, characters: number) => {
  const room = Math.max(4, Math.floor(characters))
  return label.length <= room ? label : `${label.slice(0, room - 1)}…`
}
