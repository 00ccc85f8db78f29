import { useState } from 'preact/hooks'
import { ApiFailure } from '../api'

export interface ActionMessage {
  kind: 'error' | 'done'
  text: string
  /** The fields the API named in its refusal, e.g. 'events' or 'goals.2.target'. */
  fields: string[]
}

/**
 * One write at a time from a form or a button: busy while it runs, then what happened, in the API's own
 * words when it refuses.
 */
export function useAction() {
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<ActionMessage>()
  async function run<T>(
    write: () => Promise<T>,
    done: string | ((result: T) => string),
  ): Promise<T | undefined> {
    setBusy(true)
    setMessage(undefined)
    try {
      const result = await write()
      setMessage({ kind: 'done', text: typeof done === 'string' ? done : done(result), fields: [] })
      return result
    } catch (failure) {
      setMessage({
        kind: 'error',
        text: failure instanceof Error ? failure.message : String(failure),
        fields: failure instanceof ApiFailure ? failure.fields : [],
      })
      return undefined
    } finally {
      setBusy(false)
    }
  }
  return { busy, message, run, clear: () => setMessage(undefined) }
}

/** The message of an action, as a live region: a status when done, an alert when refused. */
export function ActionNote({ message, id }: { message: ActionMessage | undefined; id?: string }) {
  if (!message) return null
  return (
    <p
      id={id}
      class={message.kind === 'error' ? 'form-error' : 'form-done'}
      role={message.kind === 'error' ? 'alert' : 'status'}
    >
      {message.text}
    </p>
  )
}
