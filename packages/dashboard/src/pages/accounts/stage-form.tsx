import { STAGE_LABELS } from '@heed/shared/lifecycle/stages'
import { useState } from 'preact/hooks'
import { STAGES, type Stage } from '../../accounts-query'
import { api } from '../../api'

/** The rules decide an account's stage; a person may set it by hand with a reason, or hand it back ('auto'). */
export function StageForm({
  accountId,
  current,
  onSet,
}: {
  accountId: string
  current: Stage | null
  onSet: () => void
}) {
  const [stage, setStage] = useState<Stage | 'auto'>(current ?? 'onboarding')
  const [reason, setReason] = useState('')
  const [message, setMessage] = useState<{ kind: 'error' | 'done'; text: string }>()
  const [busy, setBusy] = useState(false)
  const submit = async (event: Event) => {
    event.preventDefault()
    setBusy(true)
    setMessage(undefined)
    try {
      await api.put(`/admin/v1/accounts/${encodeURIComponent(accountId)}/stage`, { stage, reason })
      setMessage({
        kind: 'done',
        text: stage === 'auto' ? 'Handed back to the rules' : `Stage set to ${STAGE_LABELS[stage]}`,
      })
      setReason('')
      onSet()
    } catch (failure) {
      setMessage({ kind: 'error', text: failure instanceof Error ? failure.message : String(failure) })
    } finally {
      setBusy(false)
    }
  }
  return (
    <form class="stage-form" aria-label="Set the stage by hand" onSubmit={submit}>
      <h3 class="small-title">Set the stage by hand</h3>
      <label>
        Stage
        <select value={stage} onChange={(event) => setStage(event.currentTarget.value as Stage | 'auto')}>
          {STAGES.map((value) => (
            <option key={value} value={value}>
              {STAGE_LABELS[value]}
            </option>
          ))}
          <option value="auto">Back to the rules</option>
        </select>
      </label>
      <label>
        Reason
        <textarea
          rows={2}
          value={reason}
          maxLength={1000}
          placeholder="Why, for the team and the history"
          onInput={(event) => setReason(event.currentTarget.value)}
        />
      </label>
      <div class="buttons">
        <button type="submit" class="button primary" disabled={busy}>
          Set stage
        </button>
        {message && (
          <p
            class={message.kind === 'error' ? 'form-error' : 'form-done'}
            role={message.kind === 'error' ? 'alert' : 'status'}
          >
            {message.text}
          </p>
        )}
      </div>
    </form>
  )
}
