import { useState } from 'preact/hooks'
import { api } from '../../api'
import { formatDate } from '../../format'
import { useMe } from '../../session'
import { ErrorPanel, Loading } from '../../ui/states'
import { ActionNote, useAction } from '../../ui/use-action'
import { useApi } from '../../ui/use-api'
import type { ProjectJson } from './project-types'

interface KeyJson {
  id: string
  label: string
  hint: string
  createdAt: string
  revokedAt: string | null
}

/**
 * The project's keys: the public key the widget's snippet carries (which can only send answers and read the
 * active surveys, so it is no secret) and the secret keys scripts use. Only admins manage keys; a secret key
 * is shown once, when it is made.
 */
export function KeysSection() {
  const { me } = useMe()
  const admin = me.user.role === 'admin'
  const loaded = useApi('keys', async () => {
    const [project, keys] = await Promise.all([
      api.get<{ project: ProjectJson }>('/admin/v1/project'),
      api.get<{ keys: KeyJson[] }>('/admin/v1/keys'),
    ])
    return { publicKey: project.project.publicKey, keys: keys.keys }
  })
  const action = useAction()
  const [shown, setShown] = useState<{ label: string; key: string }>()
  const [confirming, setConfirming] = useState<string>()

  const create = async (event: Event) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const label = String(new FormData(form).get('label') ?? '')
    setShown(undefined)
    const made = await action.run(
      () => api.post<{ key: KeyJson; secretKey: string }>('/admin/v1/keys', { label }),
      'Secret key made.',
    )
    if (made) {
      setShown({ label: made.key.label, key: made.secretKey })
      form.reset()
      loaded.reload()
    }
  }
  const revoke = async (key: KeyJson) => {
    if (confirming !== key.id) {
      setConfirming(key.id)
      return
    }
    setConfirming(undefined)
    const done = await action.run(
      () => api.delete(`/admin/v1/keys/${encodeURIComponent(key.id)}`),
      `Revoked ${key.label}: requests with it are refused from now on.`,
    )
    if (done) loaded.reload()
  }
  const rotate = async () => {
    if (confirming !== 'public') {
      setConfirming('public')
      return
    }
    setConfirming(undefined)
    const done = await action.run(
      () => api.post<{ publicKey: string }>('/admin/v1/keys/rotate-public'),
      (answer) =>
        `The public key is now ${answer.publicKey}. Put it in your pages' snippet: the old one no longer works.`,
    )
    if (done) loaded.reload()
  }

  if (loaded.state === 'loading') return <Loading label="Loading keys" />
  if (loaded.state === 'error') return <ErrorPanel message={loaded.message} retry={loaded.reload} />
  const { publicKey, keys } = loaded.data
  return (
    <>
      <article class="card stack" aria-labelledby="public-key-title">
        <h2 id="public-key-title" class="card-title">
          Public key
        </h2>
        <p>
          <code class="wrap">{publicKey}</code>
        </p>
        <p class="muted small">
          The widget's snippet carries it in your pages. It can only send answers and read the active surveys,
          so it is not a secret; the allowed origins (Project) say which sites may use it. Rotating it stops
          every page that still has the old one.
        </p>
        {admin && (
          <div class="buttons">
            <button type="button" class="button danger" disabled={action.busy} onClick={rotate}>
              {confirming === 'public' ? 'Really rotate the public key?' : 'Rotate the public key'}
            </button>
          </div>
        )}
      </article>
      <article class="card stack" aria-labelledby="secret-keys-title">
        <h2 id="secret-keys-title" class="card-title">
          Secret keys
        </h2>
        <p class="muted small">
          For scripts and integrations: <code>Authorization: Bearer sk_…</code> on the admin API. Stored
          hashed, so a key is shown only once, when it is made.
        </p>
        <div class="table-scroll">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Ends with</th>
                <th scope="col" class="hide-narrow">
                  Made
                </th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr key={key.id}>
                  <th scope="row">{key.label}</th>
                  <td>
                    <code>…{key.hint}</code>
                  </td>
                  <td class="hide-narrow">{formatDate(key.createdAt)}</td>
                  <td>
                    {key.revokedAt ? (
                      `Revoked ${formatDate(key.revokedAt)}`
                    ) : admin ? (
                      <button
                        type="button"
                        class="button danger"
                        disabled={action.busy}
                        onClick={() => revoke(key)}
                      >
                        {confirming === key.id ? 'Really revoke?' : 'Revoke'}
                        <span class="visually-hidden"> {key.label}</span>
                      </button>
                    ) : (
                      'Active'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ActionNote message={action.message} />
        {shown && (
          <p class="form-done" role="status">
            Copy {shown.label} now; it is not shown again: <code class="wrap">{shown.key}</code>
          </p>
        )}
        {admin ? (
          <form class="invite" aria-label="Make a secret key" onSubmit={create}>
            <label>
              New key's label
              <input name="label" required placeholder="Nightly export" />
            </label>
            <button type="submit" class="button primary" disabled={action.busy}>
              Make a secret key
            </button>
          </form>
        ) : (
          <p class="hint">Only admins make and revoke keys.</p>
        )}
      </article>
    </>
  )
}
