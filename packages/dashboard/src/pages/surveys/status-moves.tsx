import { useState } from 'preact/hooks'
import { api } from '../../api'
import { canChange, useMe } from '../../session'
import type { SurveyJson } from './types'

export const STATUS_LABELS = {
  draft: 'Draft',
  active: 'Active',
  paused: 'Paused',
  archived: 'Archived',
} as const

/** A survey's status, and the moves an editor may make from it: activate a draft or paused survey, pause an active one. */
export function StatusMoves({ survey, onMoved }: { survey: SurveyJson; onMoved: (message: string) => void }) {
  const { me } = useMe()
  const [error, setError] = useState<string>()
  const move = async (to: 'activate' | 'pause') => {
    setError(undefined)
    try {
      await api.post(`/admin/v1/surveys/${encodeURIComponent(survey.id)}/${to}`)
      onMoved(`${survey.name} ${to === 'activate' ? 'is active' : 'is paused'}`)
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
    }
  }
  return (
    <span class="case-meta">
      <span class={`status status-${survey.status}`}>{STATUS_LABELS[survey.status]}</span>
      {canChange(me) && survey.status === 'active' && (
        <button type="button" class="button" onClick={() => move('pause')}>
          Pause<span class="visually-hidden"> {survey.name}</span>
        </button>
      )}
      {canChange(me) && (survey.status === 'paused' || survey.status === 'draft') && (
        <button type="button" class="button" onClick={() => move('activate')}>
          Activate<span class="visually-hidden"> {survey.name}</span>
        </button>
      )}
      {error && (
        <span class="form-error" role="alert">
          {error}
        </span>
      )}
    </span>
  )
}
