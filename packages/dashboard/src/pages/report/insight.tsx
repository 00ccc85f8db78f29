import { useState } from 'preact/hooks'
import { ApiFailure, api } from '../../api'
import { formatDateTime } from '../../format'
import { canChange, useMe } from '../../session'
import type { NoteJson, SectionKey } from './types'

/**
 * The team's key insights for one section: read by everyone, written in place by admins and members, saved
 * with the writer's e-mail and the time, which are shown under the text.
 */
export function Insight({
  month,
  section,
  title,
  note: initial,
  titleHidden = false,
}: {
  month: string
  section: SectionKey
  title: string
  note: NoteJson | null
  /** When the section's own heading already says it. */
  titleHidden?: boolean
}) {
  const { me } = useMe()
  const [note, setNote] = useState(initial)
  const [draft, setDraft] = useState<string | undefined>()
  const [saving, setSaving] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string }>()
  const id = `insight-${section}`
  const save = async (event: Event) => {
    event.preventDefault()
    setSaving(true)
    setMessage(undefined)
    try {
      const saved = await api.put<{ notes: NoteJson[] }>(`/admin/v1/reports/monthly/${month}/notes`, {
        author: me.user.email,
        notes: { [section]: draft ?? '' },
      })
      setNote(saved.notes.find((other) => other.section === section) ?? null)
      setDraft(undefined)
      setMessage({ ok: true, text: 'Saved' })
    } catch (error) {
      setMessage({ ok: false, text: error instanceof ApiFailure ? error.message : String(error) })
    } finally {
      setSaving(false)
    }
  }
  return (
    <div class="insight">
      <h3 class={titleHidden ? 'visually-hidden' : 'small-title'} id={`${id}-title`}>
        {title}
      </h3>
      {draft === undefined ? (
        <>
          {note && note.text !== '' ? (
            <>
              <p class="insight-text">{note.text}</p>
              <p class="muted small">
                {note.author}, {formatDateTime(note.updatedAt)}
              </p>
            </>
          ) : (
            <p class="muted">No insights written yet.</p>
          )}
          {canChange(me) && (
            <button
              type="button"
              class="button no-print"
              aria-describedby={`${id}-title`}
              onClick={() => {
                setDraft(note?.text ?? '')
                setMessage(undefined)
              }}
            >
              {note && note.text !== '' ? 'Edit' : 'Write'}
            </button>
          )}
        </>
      ) : (
        <form class="stack no-print" onSubmit={save} aria-labelledby={`${id}-title`}>
          <label>
            {title}
            <textarea rows={4} value={draft} onInput={(event) => setDraft(event.currentTarget.value)} />
          </label>
          <div class="buttons">
            <button type="submit" class="button primary" disabled={saving}>
              Save
            </button>
            <button type="button" class="button ghost" onClick={() => setDraft(undefined)} disabled={saving}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {message && (
        <p
          class={message.ok ? 'form-done no-print' : 'form-error no-print'}
          role={message.ok ? 'status' : 'alert'}
        >
          {message.text}
        </p>
      )}
    </div>
  )
}
