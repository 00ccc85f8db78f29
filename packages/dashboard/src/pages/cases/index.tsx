import { useEffect, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { api } from '../../api'
import { relative, STATUS_LABELS } from '../../format'
import { Empty, ErrorPanel, Loading } from '../../ui/states'
import { useApi } from '../../ui/use-api'
import type { CaseJson } from './types'

const VIEWS = {
  queue: { label: 'To do', status: 'open,contacted' },
  resolved: { label: 'Done', status: 'resolved,wont_fix' },
} as const
type View = keyof typeof VIEWS

/**
 * The triage queue: cases still to handle, soonest due first, so the overdue ones lead. Keyboard: j and k
 * move, Enter opens.
 */
export function CasesPage() {
  const { query, route } = useLocation()
  const view: View = query.view === 'resolved' ? 'resolved' : 'queue'
  const cursor = query.after
  const loaded = useApi(`${view}:${cursor ?? ''}`, () =>
    api.get<{ cases: CaseJson[]; nextCursor: string | null }>('/admin/v1/cases', {
      status: VIEWS[view].status,
      limit: '50',
      cursor,
    }),
  )
  const [selected, setSelected] = useState(0)
  const cases = loaded.state === 'ready' ? loaded.data.cases : []
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return
      if (event.key === 'j') setSelected((i) => Math.min(i + 1, cases.length - 1))
      else if (event.key === 'k') setSelected((i) => Math.max(i - 1, 0))
      else if (event.key === 'Enter' && cases[selected] && !(event.target instanceof HTMLAnchorElement)) {
        route(`/app/cases/${cases[selected].id}`)
      } else return
      event.preventDefault()
    }
    addEventListener('keydown', onKey)
    return () => removeEventListener('keydown', onKey)
  }, [cases, selected, route])

  return (
    <section aria-labelledby="cases-title">
      <div class="page-head">
        <h1 id="cases-title">Cases</h1>
        <nav class="segmented" aria-label="Cases">
          {(Object.keys(VIEWS) as View[]).map((key) => (
            <a
              key={key}
              href={key === 'queue' ? '/app/cases' : `/app/cases?view=${key}`}
              aria-current={view === key ? 'true' : undefined}
            >
              {VIEWS[key].label}
            </a>
          ))}
        </nav>
      </div>
      <p class="muted hint">
        <kbd>j</kbd> <kbd>k</kbd> to move, <kbd>Enter</kbd> to open
      </p>
      {loaded.state === 'loading' ? (
        <Loading label="Loading cases" />
      ) : loaded.state === 'error' ? (
        <ErrorPanel message={loaded.message} retry={loaded.reload} />
      ) : cases.length === 0 ? (
        <Empty title={view === 'queue' ? 'Nothing to follow up' : 'No closed cases yet'}>
          {view === 'queue' ? 'Every detractor has been followed up.' : undefined}
        </Empty>
      ) : (
        <>
          <ul class="list" aria-label="Cases">
            {cases.map((item, index) => (
              <li key={item.id} class={`row case-row${index === selected ? ' selected' : ''}`}>
                <span class={`badge bucket-${item.response.bucket ?? 'none'}`}>
                  {item.response.score ?? '—'}
                </span>
                <a
                  class="grow case-link"
                  href={`/app/cases/${item.id}`}
                  aria-current={index === selected ? 'true' : undefined}
                >
                  <span class="comment">{item.response.comment ?? 'No comment'}</span>
                  <span class="muted small">
                    {item.accountId ?? 'no account'} · {item.owner ?? 'unassigned'}
                  </span>
                </a>
                <span class="case-meta">
                  <span class={`status status-${item.status}`}>{STATUS_LABELS[item.status]}</span>
                  {item.overdue ? (
                    <span class="overdue">Overdue {relative(item.dueAt).replace(' ago', '')}</span>
                  ) : item.status === 'open' || item.status === 'contacted' ? (
                    <span class="muted small">due {relative(item.dueAt)}</span>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
          <nav class="pager" aria-label="More results">
            {cursor !== undefined && (
              <a href={view === 'queue' ? '/app/cases' : `/app/cases?view=${view}`}>← First page</a>
            )}
            {loaded.data.nextCursor !== null && (
              <a
                href={`/app/cases?${new URLSearchParams({ ...(view === 'queue' ? {} : { view }), after: loaded.data.nextCursor })}`}
              >
                Next page →
              </a>
            )}
          </nav>
        </>
      )}
    </section>
  )
}
