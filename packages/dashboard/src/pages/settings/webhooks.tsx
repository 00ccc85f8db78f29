import { useState } from 'preact/hooks'
import { api } from '../../api'
import { formatDate } from '../../format'
import { canChange, useMe } from '../../session'
import { Empty, ErrorPanel, Loading } from '../../ui/states'
import { ActionNote, useAction } from '../../ui/use-action'
import { useApi } from '../../ui/use-api'
import { invalidIn } from './project-types'

interface WebhookJson {
  id: string
  url: string
  events: string[]
  format: 'json' | 'slack'
  active: boolean
  secretHint: string
  createdAt: string
}

const EVENTS = [
  { type: 'detractor.created', label: 'A detractor answers' },
  { type: 'response.created', label: 'Any answer arrives' },
  { type: 'case.updated', label: 'A case changes' },
] as const

/**
 * Where the project's alerts go: each webhook's URL, events and format, a test event on demand, and removal.
 * A new webhook's signing secret is shown once.
 */
export function WebhooksSection() {
  const { me } = useMe()
  const loaded = useApi('webhooks', () => api.get<{ webhooks: WebhookJson[] }>('/admin/v1/webhooks'))
  const action = useAction()
  const [secret, setSecret] = useState<{ url: string; secret: string }>()
  /** The webhook whose removal waits for a second click. */
  const [confirming, setConfirming] = useState<string>()
  const editable = canChange(me)
  const fields = action.message?.fields ?? []

  const create = async (event: Event) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    setSecret(undefined)
    const created = await action.run(
      () =>
        api.post<{ webhook: WebhookJson; secret: string }>('/admin/v1/webhooks', {
          url: String(data.get('url') ?? '').trim(),
          events: data.getAll('events'),
          format: data.get('format'),
        }),
      'Webhook added.',
    )
    if (created) {
      setSecret({ url: created.webhook.url, secret: created.secret })
      form.reset()
      loaded.reload()
    }
  }
  const test = (webhook: WebhookJson) =>
    action.run(
      () => api.post(`/admin/v1/webhooks/${encodeURIComponent(webhook.id)}/test`),
      `A test event is on its way to ${webhook.url}.`,
    )
  const toggle = async (webhook: WebhookJson) => {
    const done = await action.run(
      () => api.patch(`/admin/v1/webhooks/${encodeURIComponent(webhook.id)}`, { active: !webhook.active }),
      webhook.active ? `Paused ${webhook.url}.` : `${webhook.url} receives events again.`,
    )
    if (done) loaded.reload()
  }
  const remove = async (webhook: WebhookJson) => {
    if (confirming !== webhook.id) {
      setConfirming(webhook.id)
      return
    }
    setConfirming(undefined)
    const done = await action.run(
      () => api.delete(`/admin/v1/webhooks/${encodeURIComponent(webhook.id)}`),
      `Removed ${webhook.url}.`,
    )
    if (done) loaded.reload()
  }

  return (
    <article class="card stack" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title" class="card-title">
        Webhooks
      </h2>
      <p class="muted small">
        Heed posts each event to these URLs, signed with the webhook's secret (the X-Heed-Signature header).
        The Slack format posts a message a Slack incoming webhook accepts.
      </p>
      {loaded.state === 'loading' ? (
        <Loading label="Loading webhooks" />
      ) : loaded.state === 'error' ? (
        <ErrorPanel message={loaded.message} retry={loaded.reload} />
      ) : loaded.data.webhooks.length === 0 ? (
        <Empty title="No webhooks yet">Add one below to hear about detractors as they answer.</Empty>
      ) : (
        <ul class="list" aria-label="Webhooks">
          {loaded.data.webhooks.map((webhook) => (
            <li key={webhook.id} class="row">
              <div class="grow">
                <p class="comment wrap">
                  <strong>{webhook.url}</strong>
                </p>
                <p class="muted small">
                  {webhook.events.join(', ')} · {webhook.format === 'slack' ? 'Slack' : 'JSON'} · secret …
                  {webhook.secretHint} · since {formatDate(webhook.createdAt)}
                </p>
              </div>
              <span class="case-meta">
                <span class={`status status-${webhook.active ? 'active' : 'paused'}`}>
                  {webhook.active ? 'Active' : 'Paused'}
                </span>
                {editable && (
                  <>
                    <button type="button" class="button" disabled={action.busy} onClick={() => test(webhook)}>
                      Send test<span class="visually-hidden"> to {webhook.url}</span>
                    </button>
                    <button
                      type="button"
                      class="button"
                      disabled={action.busy}
                      onClick={() => toggle(webhook)}
                    >
                      {webhook.active ? 'Pause' : 'Activate'}
                      <span class="visually-hidden"> {webhook.url}</span>
                    </button>
                    <button
                      type="button"
                      class="button danger"
                      disabled={action.busy}
                      onClick={() => remove(webhook)}
                    >
                      {confirming === webhook.id ? 'Really remove?' : 'Remove'}
                      <span class="visually-hidden"> {webhook.url}</span>
                    </button>
                  </>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      <ActionNote message={action.message} />
      {secret && (
        <p class="form-done" role="status">
          Give the receiver at {secret.url} this signing secret; it is shown only now:{' '}
          <code class="wrap">{secret.secret}</code>
        </p>
      )}
      {editable && (
        <form class="stack" aria-label="Add a webhook" onSubmit={create}>
          <h3 class="small-title">Add a webhook</h3>
          <div class="fields-2">
            <label>
              URL
              <input
                name="url"
                type="url"
                required
                placeholder="https://hooks.example.com/heed"
                aria-invalid={invalidIn(fields, 'url') ? 'true' : undefined}
              />
            </label>
            <label>
              Format
              <select name="format">
                <option value="json">JSON (signed)</option>
                <option value="slack">Slack message</option>
              </select>
            </label>
          </div>
          <fieldset class="choice" aria-invalid={invalidIn(fields, 'events') ? 'true' : undefined}>
            <legend>Send when</legend>
            {EVENTS.map((item) => (
              <label key={item.type} class="check">
                <input
                  type="checkbox"
                  name="events"
                  value={item.type}
                  defaultChecked={item.type === 'detractor.created'}
                />
                {item.label} <span class="muted small">({item.type})</span>
              </label>
            ))}
          </fieldset>
          <div class="buttons">
            <button type="submit" class="button primary" disabled={action.busy}>
              Add webhook
            </button>
          </div>
        </form>
      )}
    </article>
  )
}
