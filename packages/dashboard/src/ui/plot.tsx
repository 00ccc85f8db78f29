import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import uPlot from 'uplot'
import { useThemeVersion } from '../theme'

/** The theme's colours as the canvas needs them (CSS variables resolved on the chart's element). */
export type Palette = (name: string) => string

/**
 * A uPlot chart sized to its box and redrawn when the theme changes, named for screen readers, with the same
 * numbers in a table (`fallback`) that stays hidden on screen but is read out and printed when asked.
 */
export function Plot({
  label,
  height,
  options,
  data,
  fallback,
  class: className = '',
}: {
  label: string
  height: number
  options: (palette: Palette) => Omit<uPlot.Options, 'width' | 'height'>
  data: uPlot.AlignedData
  fallback: ComponentChildren
  class?: string
}) {
  const box = useRef<HTMLDivElement>(null)
  const theme = useThemeVersion()
  useEffect(() => {
    const element = box.current
    if (!element) return
    const styles = getComputedStyle(element)
    const palette: Palette = (name) => styles.getPropertyValue(`--${name}`).trim()
    const width = element.clientWidth
    // Every chart keys its series in HTML (Legend) and is read, not zoomed: no live legend, no drag to zoom.
    const chart = new uPlot(
      {
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        ...options(palette),
        width,
        height,
      },
      data,
      element,
    )
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height }))
    resize.observe(element)
    return () => {
      resize.disconnect()
      chart.destroy()
    }
  }, [data, theme, height])
  return (
    <figure class={`chart ${className}`} style={{ '--chart-height': `${height}px` }}>
      <div ref={box} role="img" aria-label={label} />
      <div class="visually-hidden">{fallback}</div>
    </figure>
  )
}

/** Axis styling shared by every chart: muted labels, hairline grid. */
export const axisStyle = (palette: Palette) => ({
  stroke: palette('muted'),
  grid: { stroke: palette('line'), width: 1 },
  ticks: { stroke: palette('line'), width: 1 },
})

/** A colour key drawn in HTML (uPlot's own legend is a live cursor readout, noisy for a report). */
export function Legend({
  items,
}: {
  items: { label: string; color: string; dashed?: boolean; line?: boolean }[]
}) {
  return (
    <ul class="legend" aria-hidden="true">
      {items.map((item) => (
        <li key={item.label}>
          <span
            class={`swatch${item.line ? ' swatch-line' : ''}${item.dashed ? ' swatch-dashed' : ''}`}
            style={{ '--swatch': `var(--${item.color})` }}
          />
          {item.label}
        </li>
      ))}
    </ul>
  )
}

/**
 * An x axis of categories 0..n-1 labelled with `labels`, thinned to every second, third… label so that each
 * gets about `room` px at the chart's current width (it is asked again after every resize).
 */
export function categoryAxis(labels: string[], room = 70) {
  const every = (self: uPlot) =>
    Math.max(1, Math.ceil(labels.length / Math.max(2, Math.floor(self.bbox.width / devicePixelRatio / room))))
  return {
    splits: (self: uPlot) => labels.map((_, index) => index).filter((index) => index % every(self) === 0),
    values: (_: uPlot, splits: number[]) => splits.map((index) => labels[index] ?? ''),
  }
}
