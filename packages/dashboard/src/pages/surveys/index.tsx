import { useState } from 'preact/hooks'
import { api } from '../../api'
import { formatDate, KIND_LABELS } from '../../format'
import { canChange, useMe } from '../../session'
import { Empty, ErrorPanel, Loading } from '../../ui/states'
import { useApi } from '../../ui/use-api'
import { StatusMoves } from './status-moves'
import type { SurveyJson } from './types'

/** The project's surveys, with their question, a link to edit each, and the moves between active and paused. */
export function SurveysPage() {
  const { me } = useMe()
  const loaded = useApi('surveys', () => api.get<{ surveys: SurveyJson[] }>('/admin/v1/surveys'))
  const [moved, setMoved] = useState<string>()
  return (
    <section aria-labelledby="surveys-title">
      <div class="page-head">
        <h1 id="surveys-title">Surveys</h1>
        {canChange(me) && (
          <a class="button primary" href="/app/surveys/new">
            New survey
          </a>
        )}
      </div>
      {moved && (
        <p class="form-done" role="status">
          {moved}
        </p>
      )}
      {loaded.state === 'loading' ? (
        <Loading label="Loading surveys" />
      ) : loaded.state === 'error' ? (
        <ErrorPanel message={loaded.message} retry={loaded.reload} />
      ) : loaded.data.surveys.length === 0 ? (
        <Empty title="No surveys yet">
          {canChange(me)
            ? 'Create one with “New survey”: it starts as a draft, and asks once you activate it.'
            : 'An admin or member of your team can create one.'}
        </Empty>
      ) : (
        <ul class="list" aria-label="Surveys">
          {loaded.data.surveys.map((survey) => (
            <li key={survey.id} class="row">
              <span class="badge kind-badge">{KIND_LABELS[survey.kind]}</span>
              <div class="grow">
                <p class="comment">
                  <a href={`/app/surveys/${encodeURIComponent(survey.id)}`}>
                    <strong>{survey.name}</strong>
                  </a>
                </p>
                <p class="muted small">
                  “{survey.question[survey.defaultLocale] ?? Object.values(survey.question)[0]}” · changed{' '}
                  {formatDate(survey.updatedAt)}
                </p>
              </div>
              <StatusMoves
                survey={survey}
                onMoved={(text) => {
                  setMoved(text)
                  loaded.reload()
                }}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
