import { useState } from 'preact/hooks'
import { api } from '../api'
import { formatDate } from '../format'
import { useMe } from '../session'
import { ErrorPanel, Loading } from '../ui/states'
import { useApi } from '../ui/use-api'
import { HealthModelSection } from './health-settings/health-model-section'
import { LifecycleRulesSection } from './health-settings/lifecycle-rules-section'

interface UserJson {
  id: string
  email: string
  name: string
  role: string
  active: boolean
  createdAt: string
}

const ROLES = ['viewer', 'member', 'admin'] as const

/** The people who sign in, and (for admins) inviting one more; signing out on every device. */
export function SettingsPage() {
  const { me, signOut } = useMe()
  const users = useApi('users', () => api.get<{ users: UserJson[] }>('/admin/v1/users'))
  const [invited, setInvited] = useState<{ email: string; link: string }>()
  const [error, setError] = useState<string>()
  const invite = async (event: Event) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    setError(undefined)
    try {
      const answer = await api.post<{ user: UserJson; setPasswordUrl: string }>('/admin/v1/users', {
        email: data.get('email'),
        role: data.get('role'),
      })
      setInvited({ email: answer.user.email, link: answer.setPasswordUrl })
      form.reset()
      users.reload()
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
    }
  }
  const everywhere = async () => {
    await api.post('/auth/v1/sign-out-everywhere').catch(() => undefined)
    signOut()
  }
  return (
    <section aria-labelledby="settings-title" class="stack">
      <div class="page-head">
        <h1 id="settings-title">Settings</h1>
      </div>
      <article class="card" aria-labelledby="people-title">
        <h2 id="people-title" class="card-title">
          People who sign in to {me.project.name}
        </h2>
        {users.state === 'loading' ? (
          <Loading label="Loading people" />
        ) : users.state === 'error' ? (
          <ErrorPanel message={users.message} retry={users.reload} />
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col" class="hide-narrow">
                  Since
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((user) => (
                <tr key={user.id}>
                  <th scope="row">{user.name}</th>
                  <td class="wrap">{user.email}</td>
                  <td>{user.active ? user.role : `${user.role} (invited)`}</td>
                  <td class="hide-narrow">{formatDate(user.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {me.user.role === 'admin' && (
          <form class="invite" onSubmit={invite}>
            <label>
              Invite by e-mail
              <input name="email" type="email" required />
            </label>
            <label>
              Role
              <select name="role">
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {role}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" class="button primary">
              Invite
            </button>
          </form>
        )}
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        {invited && (
          <p class="form-done" role="status">
            Send {invited.email} this one-time link (valid 7 days): <code class="wrap">{invited.link}</code>
          </p>
        )}
      </article>
      <article class="card" aria-labelledby="session-title">
        <h2 id="session-title" class="card-title">
          Your sessions
        </h2>
        <p class="muted">Signed in as {me.user.email}.</p>
        <button type="button" class="button" onClick={everywhere}>
          Sign out everywhere
        </button>
      </article>
      <HealthModelSection />
      <LifecycleRulesSection />
    </section>
  )
}
