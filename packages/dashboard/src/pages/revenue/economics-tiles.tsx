import { formatMoney } from '../../format'
import type { EconomicsJson, FigureJson } from './types'

type Key = keyof EconomicsJson['months'][number]['economics']

const TILES: { key: Key; label: string; format: (value: number, currency: string) => string }[] = [
  { key: 'cac', label: 'CAC', format: (value, currency) => formatMoney(value, currency) },
  { key: 'cltv', label: 'CLTV', format: (value, currency) => formatMoney(value, currency) },
  { key: 'cltvToCac', label: 'CLTV : CAC', format: (value) => `${value.toFixed(1)} : 1` },
  { key: 'cacPaybackMonths', label: 'CAC payback', format: (value) => `${value.toFixed(1)} months` },
  {
    key: 'customerRetentionCost',
    label: 'Retention cost per account',
    format: (value, currency) => formatMoney(value, currency),
  },
  { key: 'costToCarry', label: 'Cost to carry', format: (value) => `${(value * 100).toFixed(1)}% of MRR` },
]

/** The latest month's unit economics; a figure that is undefined says why instead of showing 0. */
export function EconomicsTiles({ economics }: { economics: EconomicsJson }) {
  const month = economics.months.at(-1)
  if (!month) return null
  return (
    <>
      <p class="muted small">{month.label}</p>
      <dl class="tiles">
        {TILES.map(({ key, label, format }) => {
          const figure: FigureJson = month.economics[key]
          return (
            <div key={key} class="tile">
              <dt>{label}</dt>
              {figure.value === null ? (
                <dd>
                  <span class="tile-value muted">—</span>
                  <span class="tile-reason">{figure.reason}</span>
                </dd>
              ) : (
                <dd class="tile-value">{format(figure.value, economics.currency)}</dd>
              )}
            </div>
          )
        })}
      </dl>
    </>
  )
}
