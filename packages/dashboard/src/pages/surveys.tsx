import { useState } from 'preact/hooks'
import { api } from '../api'
import { formatDate, KIND_LABELS } from '../format'
import { canChange, useMe } from '../session'
import { Empty, ErrorPanel, Loading } from '../ui/states'
import { useApi } from '../ui/use-api'

interface SurveyJson {
  id: string
  name: string
  kind: keyof typeof KIND_LABELS
  status: 'draft' | 'active' | 'paused' | 'archived'
  defaultLocale: string
  question: Record<string, string>
  updatedAt: string
}

const STATUS = { draft: 'Draft', active: 'Active', paused: 'Paused', archived: 'Archived' } as const

/** The project's surveys, with their question, and the moves between active and paused. */
export function SurveysPage() {
  const { me } = useMe()
  const loaded = useApi('surveys', () => api.get<{ surveys: SurveyJson[] }>('/admin/v1/surveys'))
  const [message, setMessage] = useState<{ kind: 'error' | 'done'; text: string }>()
  const move = async (survey: SurveyJson, to: 'activate' | 'pause') => {
    try {
      await api.post(`/admin/v1/surveys/${encodeURIComponent(survey.id)}/${to}`)
      setMessage({ kind: 'done', text: `${survey.name} ${to === 'activate' ? 'is active' : 'is paused'}` })
      loaded.reload()
    } catch (failure) {
      setMessage({ kind: 'error', text: failure instanceof Error ? failure.message : String(failure) })
    }
  }
  return (
    <section aria-labelledby="surveys-title">
      <div class="page-head">
        <h1 id="surveys-title">Surveys</h1>
      </div>
      {message && (
        <p
          class={message.kind === 'error' ? 'form-error' : 'form-done'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
      {loaded.state === 'loading' ? (
        <Loading label="Loading surveys" />
      ) : loaded.state === 'error' ? (
        <ErrorPanel message={loaded.message} retry={loaded.reload} />
      ) : loaded.data.surveys.length === 0 ? (
        <Empty title="No surveys yet">Create one with POST /admin/v1/surveys.</Empty>
      ) : (
        <ul class="list" aria-label="Surveys">
          {loaded.data.surveys.map((survey) => (
            <li key={survey.id} class="row">
              <span class="badge kind-badge">{KIND_LABELS[survey.kind]}</span>
              <div class="grow">
                <p class="comment">
                  <strong>{survey.name}</strong>
                </p>
                <p class="muted small">
                  “{survey.question[survey.defaultLocale] ?? Object.values(survey.question)[0]}” · changed{' '}
                  {formatDate(survey.updatedAt)}
                </p>
              </div>
              <span class="case-meta">
                <span class={`status status-${survey.status}`}>{STATUS[survey.status]}</span>
                {canChange(me) && survey.status === 'active' && (
                  <button type="button" class="button" onClick={() => move(survey, 'pause')}>
                    Pause<span class="visually-hidden"> {survey.name}</span>
                  </button>
                )}
                {canChange(me) && (survey.status === 'paused' || survey.status === 'draft') && (
                  <button type="button" class="button" onClick={() => move(survey, 'activate')}>
                    Activate<span class="visually-hidden"> {survey.name}</span>
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
