import { useState } from 'preact/hooks'
import { api } from '../../api'
import { canChange, useMe } from '../../session'
import { ErrorPanel, Loading } from '../../ui/states'
import { ActionNote, useAction } from '../../ui/use-action'
import { useApi } from '../../ui/use-api'
import { invalidIn } from './project-types'

interface ThemeJson {
  key: string
  label: string
  keywords: string[]
  phrases: string[]
  excludes: string[]
  custom: boolean
}

const lines = (text: FormDataEntryValue | null) =>
  String(text ?? '')
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean)

/**
 * The themes comments are tagged with: Heed's defaults, and the project's own, which the team adds, changes
 * and removes here. Every change re-tags the project's comments in the background.
 */
export function ThemesSection() {
  const { me } = useMe()
  const loaded = useApi('taxonomy', () => api.get<{ themes: ThemeJson[] }>('/admin/v1/taxonomy'))
  const action = useAction()
  /** The custom theme being edited in the form, if any. */
  const [editing, setEditing] = useState<ThemeJson>()
  const [confirming, setConfirming] = useState<string>()
  const editable = canChange(me)
  const fields = action.message?.fields ?? []
  const invalid = (name: string) => (invalidIn(fields, name) ? ('true' as const) : undefined)

  const save = async (event: Event) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const key = String(data.get('key') ?? '').trim()
    const done = await action.run(
      () =>
        api.put(`/admin/v1/taxonomy/themes/${encodeURIComponent(key)}`, {
          label: data.get('label'),
          keywords: lines(data.get('keywords')),
          phrases: lines(data.get('phrases')),
          excludes: lines(data.get('excludes')),
        }),
      `Saved the theme ${key}. Comments are being re-tagged.`,
    )
    if (done) {
      form.reset()
      setEditing(undefined)
      loaded.reload()
    }
  }
  const remove = async (theme: ThemeJson) => {
    if (confirming !== theme.key) {
      setConfirming(theme.key)
      return
    }
    setConfirming(undefined)
    const done = await action.run(
      () => api.delete(`/admin/v1/taxonomy/themes/${encodeURIComponent(theme.key)}`),
      `Removed the theme ${theme.label}. Comments are being re-tagged.`,
    )
    if (done) loaded.reload()
  }

  return (
    <article class="card stack" aria-labelledby="themes-title">
      <h2 id="themes-title" class="card-title">
        Themes
      </h2>
      <p class="muted small">
        A comment gets a theme when it contains one of its keywords or phrases and none of its exclusions.
      </p>
      {loaded.state === 'loading' ? (
        <Loading label="Loading themes" />
      ) : loaded.state === 'error' ? (
        <ErrorPanel message={loaded.message} retry={loaded.reload} />
      ) : (
        <div class="table-scroll">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Theme</th>
                <th scope="col">Matches</th>
                <th scope="col">
                  <span class="visually-hidden">Changes</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {loaded.data.themes.map((theme) => (
                <tr key={theme.key}>
                  <th scope="row">
                    {theme.label}
                    <span class="muted small block">
                      {theme.custom ? theme.key : `${theme.key} · Heed's`}
                    </span>
                  </th>
                  <td class="wrap small">
                    {[...theme.keywords, ...theme.phrases.map((phrase) => `“${phrase}”`)].join(', ')}
                  </td>
                  <td class="nowrap">
                    {theme.custom && editable && (
                      <span class="buttons">
                        <button type="button" class="button" onClick={() => setEditing(theme)}>
                          Edit<span class="visually-hidden"> {theme.label}</span>
                        </button>
                        <button type="button" class="button danger" onClick={() => remove(theme)}>
                          {confirming === theme.key ? 'Really remove?' : 'Remove'}
                          <span class="visually-hidden"> {theme.label}</span>
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ActionNote message={action.message} />
      {editable && (
        <form
          key={editing?.key ?? 'new'}
          class="stack"
          aria-label={editing ? `Edit the theme ${editing.label}` : 'Add a theme'}
          onSubmit={save}
        >
          <h3 class="small-title">{editing ? `Edit ${editing.label}` : 'Add a theme'}</h3>
          <div class="fields-2">
            <label>
              Key
              <input
                name="key"
                required
                defaultValue={editing?.key}
                readOnly={Boolean(editing)}
                placeholder="pricing-page"
                aria-invalid={invalid('key')}
              />
            </label>
            <label>
              Label
              <input
                name="label"
                required
                defaultValue={editing?.label}
                placeholder="Pricing page"
                aria-invalid={invalid('label')}
              />
            </label>
            <label>
              Keywords (comma or one a line)
              <textarea
                name="keywords"
                rows={2}
                defaultValue={editing?.keywords.join(', ')}
                aria-invalid={invalid('keywords')}
              />
            </label>
            <label>
              Phrases (one a line)
              <textarea
                name="phrases"
                rows={2}
                defaultValue={editing?.phrases.join('\n')}
                aria-invalid={invalid('phrases')}
              />
            </label>
            <label>
              Not when the comment says (one a line)
              <textarea
                name="excludes"
                rows={2}
                defaultValue={editing?.excludes.join('\n')}
                aria-invalid={invalid('excludes')}
              />
            </label>
          </div>
          <div class="buttons">
            <button type="submit" class="button primary" disabled={action.busy}>
              {editing ? 'Save theme' : 'Add theme'}
            </button>
            {editing && (
              <button type="button" class="button" onClick={() => setEditing(undefined)}>
                Cancel
              </button>
            )}
          </div>
        </form>
      )}
    </article>
  )
}
