import { useState } from 'preact/hooks'
import { api } from '../api'

/** Where a set-password link leads: the token rides in the URL's fragment, which never reaches the server's logs. */
export function SetPasswordPage() {
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? ''
  const [error, setError] = useState<string>()
  const [done, setDone] = useState<string>()
  const submit = async (event: Event) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    const password = String(form.get('password') ?? '')
    if (password !== form.get('again')) {
      setError('The two passwords differ.')
      return
    }
    try {
      const { email } = await api.post<{ email: string }>('/auth/v1/password', { token, password })
      setDone(email)
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
    }
  }
  return (
    <main class="auth-page">
      <form class="card auth-card" onSubmit={submit} aria-labelledby="set-password-title">
        <h1 id="set-password-title">Choose your password</h1>
        {done ? (
          <p role="status">
            Your password is set. <a href="/app/">Sign in as {done}</a>.
          </p>
        ) : (
          <>
            <label>
              New password (10 characters or more)
              <input name="password" type="password" autocomplete="new-password" minLength={10} required />
            </label>
            <label>
              The same again
              <input name="again" type="password" autocomplete="new-password" minLength={10} required />
            </label>
            {error && (
              <p class="form-error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" class="button primary">
              Set password
            </button>
          </>
        )}
      </form>
    </main>
  )
}
