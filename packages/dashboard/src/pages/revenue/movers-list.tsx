import { formatMoney } from '../../format'
import type { MoverJson } from './types'

/** Accounts behind a movement, biggest first: who they are, who owns them, how they last answered. */
export function MoversList({
  movers,
  currency,
  label,
}: {
  movers: MoverJson[]
  currency: string
  label: string
}) {
  if (movers.length === 0) return <p class="muted small">None this period.</p>
  return (
    <ol class="movers" aria-label={label}>
      {movers.map((mover) => (
        <li key={mover.accountId}>
          <span class="grow">
            <strong>{mover.name ?? mover.accountId}</strong>
            {mover.owner && <span class="muted small"> · {mover.owner}</span>}
            {mover.latestScore && (
              <span class="muted small">
                {' '}
                · {mover.latestScore.kind.toUpperCase()} {mover.latestScore.score}
              </span>
            )}
          </span>
          <span class="amount">{formatMoney(mover.amount, currency)}</span>
        </li>
      ))}
    </ol>
  )
}
