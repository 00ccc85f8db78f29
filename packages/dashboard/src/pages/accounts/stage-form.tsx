import { STAGE_LABELS } from '@heed/shared/lifecycle/stages'
import { useState } from 'preact/hooks'
import { STAGES, type Stage } from '../../accounts-query'
import { api } from '../../api'
import { ActionNote, useAction } from '../../ui/use-action'

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
  const action = useAction()
  const submit = async (event: Event) => {
    event.preventDefault()
    const set = await action.run(
      async () => {
        await api.put(`/admin/v1/accounts/${encodeURIComponent(accountId)}/stage`, { stage, reason })
        return true
      },
      stage === 'auto' ? 'Handed back to the rules' : `Stage set to ${STAGE_LABELS[stage]}`,
    )
    if (set === undefined) return
    setReason('')
    onSet()
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
        <button type="submit" class="button primary" disabled={action.busy}>
          Set stage
        </button>
        <ActionNote message={action.message} />
      </div>
    </form>
  )
}
