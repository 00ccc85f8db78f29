import type { ComponentChildren } from 'preact'

export interface ChartTableRow {
  key: string | number
  /** The row's header: its period or day. */
  label: string
  /** One cell per column, in order. */
  cells: readonly ComponentChildren[]
}

/**
 * A chart's numbers as a table, for the Plot's fallback (read out and printed): a row per period, headed by
 * the period, and a column per series.
 */
export function ChartTable({
  caption,
  rowHeader = 'Period',
  columns,
  rows,
}: {
  caption: ComponentChildren
  rowHeader?: string
  columns: readonly string[]
  rows: readonly ChartTableRow[]
}) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{rowHeader}</th>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.label}</th>
            {row.cells.map((cell, index) => (
              <td key={columns[index]}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
