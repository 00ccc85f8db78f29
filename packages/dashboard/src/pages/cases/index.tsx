import { useEffect, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { api } from '../../api'
import { relative, STATUS_LABELS } from '../../format'
import { canChange, useMe } from '../../session'
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
  const { me } = useMe()
  const [picked, setPicked] = useState<Set<string>>(new Set())
  const [message, setMessage] = useState<{ kind: 'error' | 'done'; text: string }>()
  const toggle = (id: string) =>
    setPicked((current) => {
      const next = new Set(current)
      if (!next.delete(id)) next.add(id)
      return next
    })
  /** One change to every picked case, all or none (POST /admin/v1/cases/bulk). */
  const bulk = async (changes: Record<string, unknown>, done: string) => {
    setMessage(undefined)
    try {
      await api.post('/admin/v1/cases/bulk', { ids: [...picked], changes })
      setMessage({ kind: 'done', text: `${done}: ${picked.size} case${picked.size === 1 ? '' : 's'}` })
      setPicked(new Set())
      loaded.reload()
    } catch (failure) {
      setMessage({ kind: 'error', text: failure instanceof Error ? failure.message : String(failure) })
    }
  }
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
      <p class="muted hint hide-narrow">
        <kbd>j</kbd> <kbd>k</kbd> to move, <kbd>Enter</kbd> to open
      </p>
      {picked.size > 0 && (
        <div class="bulk" role="toolbar" aria-label="Change the selected cases">
          <span>{picked.size} selected</span>
          <button
            type="button"
            class="button"
            onClick={() => bulk({ owner: me.user.email }, 'Assigned to you')}
          >
            Assign to me
          </button>
          <button
            type="button"
            class="button"
            onClick={() => bulk({ status: 'contacted' }, 'Marked contacted')}
          >
            Mark contacted
          </button>
          <button type="button" class="button ghost" onClick={() => setPicked(new Set())}>
            Clear
          </button>
        </div>
      )}
      {message && (
        <p
          class={message.kind === 'error' ? 'form-error' : 'form-done'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
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
                {canChange(me) && view === 'queue' && (
                  <input
                    type="checkbox"
                    class="pick"
                    checked={picked.has(item.id)}
                    onChange={() => toggle(item.id)}
                    aria-label={`Select the case of ${item.accountId ?? 'an anonymous answer'}, score ${item.response.score ?? 'none'}`}
                  />
                )}
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
