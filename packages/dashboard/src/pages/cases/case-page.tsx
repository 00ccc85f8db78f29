import { useEffect, useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { api } from '../../api'
import { formatDateTime, relative, STATUS_LABELS } from '../../format'
import { canChange, useMe } from '../../session'
import { ErrorPanel, Loading } from '../../ui/states'
import { useApi } from '../../ui/use-api'
import type { CaseJson } from './types'

interface Detail {
  case: CaseJson
  history: { at: string; by: string; field: string; from: unknown; to: unknown }[]
  notes: { id: string; author: string; text: string; createdAt: string }[]
}

interface Extras {
  team: { email: string; name: string; active: boolean }[]
  themes: { key: string; label: string }[]
}

const shown = (value: unknown) =>
  value === null || value === undefined || value === ''
    ? '—'
    : Array.isArray(value)
      ? value.join(', ') || '—'
      : String(value)

/**
 * One case: the answer, who owns it, and the moves — assign, mark contacted, resolve with a root cause — with
 * the notes and the history. Keyboard: a assigns to me, c marks contacted, r goes to the root cause.
 */
export function CasePage({ id }: { id: string }) {
  const { me } = useMe()
  const { route } = useLocation()
  const detail = useApi(`case:${id}`, () => api.get<Detail>(`/admin/v1/cases/${encodeURIComponent(id)}`))
  const extras = useApi('case-extras', async (): Promise<Extras> => {
    const [team, taxonomy] = await Promise.all([
      api.get<{ members: Extras['team'] }>('/admin/v1/team'),
      api.get<{ themes: Extras['themes'] }>('/admin/v1/taxonomy'),
    ])
    return { team: team.members, themes: taxonomy.themes }
  })
  const [message, setMessage] = useState<{ kind: 'error' | 'done'; text: string }>()
  const [busy, setBusy] = useState(false)
  const rootCause = useRef<HTMLSelectElement>(null)
  const editable = canChange(me)

  const change = async (body: Record<string, unknown>, done: string) => {
    setBusy(true)
    setMessage(undefined)
    try {
      await api.patch(`/admin/v1/cases/${encodeURIComponent(id)}`, body)
      setMessage({ kind: 'done', text: done })
      detail.reload()
    } catch (failure) {
      setMessage({ kind: 'error', text: failure instanceof Error ? failure.message : String(failure) })
    } finally {
      setBusy(false)
    }
  }

  useEffect(() => {
    if (!editable) return
    const onKey = (event: KeyboardEvent) => {
      const target = event.target
      if (
        target instanceof HTMLInputElement ||
        target instanceof HTMLTextAreaElement ||
        target instanceof HTMLSelectElement
      )
        return
      if (event.metaKey || event.ctrlKey || event.altKey) return
      if (event.key === 'a') change({ owner: me.user.email }, `Assigned to ${me.user.name}`)
      else if (event.key === 'c') change({ status: 'contacted' }, 'Marked contacted')
      else if (event.key === 'r') rootCause.current?.focus()
      else if (event.key === 'Escape') route('/app/cases')
      else return
      event.preventDefault()
    }
    addEventListener('keydown', onKey)
    return () => removeEventListener('keydown', onKey)
  })

  if (detail.state === 'loading') return <Loading label="Loading the case" />
  if (detail.state === 'error') return <ErrorPanel message={detail.message} retry={detail.reload} />
  const { case: item, history, notes } = detail.data
  const closed = item.status === 'resolved' || item.status === 'wont_fix'
  const team =
    extras.state === 'ready'
      ? extras.data.team.filter((member) => member.active || member.email === item.owner)
      : []
  const themes = extras.state === 'ready' ? extras.data.themes : []

  return (
    <section aria-labelledby="case-title" class="case-page">
      <p>
        <a href="/app/cases">← Cases</a>
      </p>
      <div class="page-head">
        <h1 id="case-title">
          Case for a score of {item.response.score ?? '—'}
          {item.accountId && <span class="muted"> · {item.accountId}</span>}
        </h1>
        <span class={`status status-${item.status}`}>{STATUS_LABELS[item.status]}</span>
      </div>
      <div class="case-grid">
        <div class="stack">
          <article class="card">
            <h2 class="card-title">The answer</h2>
            <blockquote class="comment big">{item.response.comment ?? 'No comment'}</blockquote>
            <p class="muted small">
              {item.response.sentiment && `${item.response.sentiment} · `}
              opened {formatDateTime(item.createdAt)} ·{' '}
              {item.overdue ? (
                <span class="overdue">overdue since {formatDateTime(item.dueAt)}</span>
              ) : (
                `due ${relative(item.dueAt)}`
              )}
            </p>
          </article>
          <Notes id={id} notes={notes} editable={editable} onAdded={detail.reload} />
          <article class="card">
            <h2 class="card-title">History</h2>
            <ol class="history">
              {history.map((entry) => (
                <li key={`${entry.at}-${entry.field}`}>
                  <span class="muted small">{formatDateTime(entry.at)}</span> {entry.by} changed {entry.field}{' '}
                  from {shown(entry.from)} to <strong>{shown(entry.to)}</strong>
                </li>
              ))}
            </ol>
          </article>
        </div>
        <article class="card actions" aria-labelledby="actions-title">
          <h2 id="actions-title" class="card-title">
            Follow-up
          </h2>
          {!editable && <p class="muted">Viewers can read cases but not change them.</p>}
          <label>
            Owner
            <select
              disabled={!editable || busy}
              value={item.owner ?? ''}
              onChange={(event) => {
                const owner = (event.currentTarget as HTMLSelectElement).value
                change(
                  { owner: owner === '' ? null : owner },
                  owner === '' ? 'Unassigned' : `Assigned to ${owner}`,
                )
              }}
            >
              <option value="">Unassigned</option>
              {team.map((member) => (
                <option key={member.email} value={member.email}>
                  {member.name} ({member.email})
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            class="button"
            disabled={!editable || busy || item.status !== 'open'}
            onClick={() => change({ status: 'contacted' }, 'Marked contacted')}
          >
            Mark contacted <kbd>c</kbd>
          </button>
          <label>
            Root cause
            <select
              ref={rootCause}
              disabled={!editable || busy || closed}
              value={item.rootCause ?? ''}
              id="root-cause"
            >
              <option value="">Choose a root cause…</option>
              {themes.map((theme) => (
                <option key={theme.key} value={theme.key}>
                  {theme.label}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            class="button primary"
            disabled={!editable || busy || closed}
            onClick={() => {
              const cause = rootCause.current?.value ?? ''
              change({ status: 'resolved', ...(cause !== '' && { rootCause: cause }) }, 'Resolved')
            }}
          >
            Resolve
          </button>
          {message && (
            <p
              class={message.kind === 'error' ? 'form-error' : 'form-done'}
              role={message.kind === 'error' ? 'alert' : 'status'}
            >
              {message.text}
            </p>
          )}
          <p class="muted small hint hide-narrow">
            <kbd>a</kbd> assign to me · <kbd>c</kbd> contacted · <kbd>r</kbd> root cause · <kbd>Esc</kbd> back
          </p>
        </article>
      </div>
    </section>
  )
}

function Notes({
  id,
  notes,
  editable,
  onAdded,
}: {
  id: string
  notes: Detail['notes']
  editable: boolean
  onAdded: () => void
}) {
  const [error, setError] = useState<string>()
  const submit = async (event: Event) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const text = String(new FormData(form).get('text') ?? '')
    try {
      await api.post(`/admin/v1/cases/${encodeURIComponent(id)}/notes`, { text })
      form.reset()
      setError(undefined)
      onAdded()
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
    }
  }
  return (
    <article class="card">
      <h2 class="card-title">Notes</h2>
      {notes.length === 0 ? (
        <p class="muted">No notes yet.</p>
      ) : (
        <ul class="notes">
          {notes.map((note) => (
            <li key={note.id}>
              <p>{note.text}</p>
              <p class="muted small">
                {note.author} · {formatDateTime(note.createdAt)}
              </p>
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form onSubmit={submit} class="note-form">
          <label>
            Add a note
            <textarea name="text" rows={2} required />
          </label>
          {error && (
            <p class="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" class="button">
            Add note
          </button>
        </form>
      )}
    </article>
  )
}
