import { STAGE_LABELS } from '@heed/shared/lifecycle/stages'
import { formatDateTime, formatMoney, STATUS_LABELS } from '../../format'
import { BAND_LABELS } from '../../ui/health-badge'
import type { TimelineEntryJson } from './types'

const KIND_LABELS: Record<TimelineEntryJson['kind'], string> = {
  answer: 'Answer',
  case_change: 'Case',
  revenue_change: 'Revenue',
  stage_change: 'Stage',
  health_band_change: 'Health',
  feature_first_used: 'Feature',
}

const shown = (value: unknown) =>
  value === null || value === undefined || value === '' ? 'nothing' : String(value)

/** What one event says, in a sentence. */
function describe(entry: TimelineEntryJson) {
  switch (entry.kind) {
    case 'answer':
      return (
        <>
          {entry.personId ?? 'Someone'} answered {entry.score ?? '—'}
          {entry.bucket && ` (${entry.bucket})`}
          {entry.comment && <span class="comment block">“{entry.comment}”</span>}
        </>
      )
    case 'case_change': {
      const label =
        entry.field === 'status'
          ? `status ${entry.from === null ? '' : `${STATUS_LABELS[String(entry.from)] ?? shown(entry.from)} → `}${STATUS_LABELS[String(entry.to)] ?? shown(entry.to)}`
          : `${entry.field === 'rootCause' ? 'root cause' : entry.field} ${shown(entry.from)} → ${shown(entry.to)}`
      return (
        <>
          <a href={`/app/cases/${encodeURIComponent(entry.caseId)}`}>Case</a> {label}{' '}
          <span class="muted small">by {entry.by}</span>
        </>
      )
    }
    case 'revenue_change':
      return (
        <>
          MRR {formatMoney(entry.mrr, entry.currency)} · {entry.status}
          {entry.plan && ` · ${entry.plan}`}
        </>
      )
    case 'stage_change':
      return (
        <>
          Stage {STAGE_LABELS[entry.stage] ?? entry.stage}{' '}
          <span class="muted small">
            {entry.source === 'manual' ? `set by hand${entry.by ? ` by ${entry.by}` : ''}` : 'by the rules'}
          </span>
          {entry.reason && <span class="block">{entry.reason}</span>}
        </>
      )
    case 'health_band_change':
      return (
        <>
          Health {entry.from ? `${BAND_LABELS[entry.from]} → ` : ''}
          {BAND_LABELS[entry.to]}
          {entry.score !== null && ` at ${entry.score}`}
        </>
      )
    case 'feature_first_used':
      return <>First used {entry.feature}</>
  }
}

/** The account's merged timeline, one page of it, newest first. */
export function Timeline({ entries }: { entries: TimelineEntryJson[] }) {
  if (entries.length === 0) return <p class="muted">Nothing has happened on this account yet.</p>
  return (
    <ol class="timeline" aria-label="Events, newest first">
      {entries.map((entry) => (
        <li key={entry.key} class={`timeline-entry timeline-${entry.kind}`}>
          <time dateTime={entry.at} class="muted small">
            {formatDateTime(entry.at)}
          </time>
          <span class="timeline-kind">{KIND_LABELS[entry.kind]}</span>
          <span class="timeline-text">{describe(entry)}</span>
        </li>
      ))}
    </ol>
  )
}
