import { useState } from 'preact/hooks'
import { api } from '../../api'
import { useApi } from '../../ui/use-api'

const SENTIMENTS = ['negative', 'neutral', 'positive'] as const

/**
 * Correcting a comment's tags in place: its sentiment and themes, from the project's taxonomy. The server
 * keeps a person's correction over later automatic re-tagging, and records who made it.
 */
export function TagEditor(props: {
  responseId: string
  sentiment: string | null
  themes: string[]
  onSaved: () => void
  onCancel: () => void
}) {
  const taxonomy = useApi('taxonomy', () =>
    api.get<{ themes: { key: string; label: string }[] }>('/admin/v1/taxonomy'),
  )
  const [error, setError] = useState<string>()
  const submit = async (event: Event) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    try {
      await api.put(`/admin/v1/responses/${encodeURIComponent(props.responseId)}/tags`, {
        sentiment: form.get('sentiment'),
        themes: form.getAll('themes'),
      })
      props.onSaved()
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
    }
  }
  return (
    <form class="tag-editor" onSubmit={submit} aria-label="Correct the tags">
      <label>
        Sentiment
        <select name="sentiment" value={props.sentiment ?? 'neutral'}>
          {SENTIMENTS.map((sentiment) => (
            <option key={sentiment} value={sentiment}>
              {sentiment}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Themes</legend>
        {taxonomy.state === 'ready'
          ? taxonomy.data.themes.map((theme) => (
              <label key={theme.key} class="check">
                <input
                  type="checkbox"
                  name="themes"
                  value={theme.key}
                  checked={props.themes.includes(theme.key)}
                />
                {theme.label}
              </label>
            ))
          : taxonomy.state === 'error'
            ? taxonomy.message
            : 'Loading…'}
      </fieldset>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="buttons">
        <button type="submit" class="button primary">
          Save tags
        </button>
        <button type="button" class="button ghost" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
