import type { HealthComponentKey, THealthModel } from '@heed/shared/health/model'
import { api } from '../../api'
import { canChange, useMe } from '../../session'
import { ErrorPanel, Loading } from '../../ui/states'
import { ActionNote, useAction } from '../../ui/use-action'
import { useApi } from '../../ui/use-api'
import { NumberField, numberOf } from './number-field'

const COMPONENTS: { key: HealthComponentKey; label: string; hint: string }[] = [
  { key: 'usage', label: 'Usage', hint: 'active people against seats' },
  { key: 'adoption', label: 'Feature adoption', hint: 'catalogue features used' },
  { key: 'sentiment', label: 'Sentiment', hint: 'survey answers, newer count more' },
  { key: 'followUp', label: 'Follow-up', hint: 'open and overdue detractor cases' },
  { key: 'revenue', label: 'Revenue', hint: 'MRR kept over the lookback' },
  { key: 'participation', label: 'Survey participation', hint: 'surveys answered of those shown' },
]

/**
 * The health model's weights and bands (GET/PUT /admin/v1/health/model). Other parameters (scales, windows)
 * are kept as they are; the API refuses a model that makes no sense, and its message is shown.
 */
export function HealthModelSection() {
  const { me } = useMe()
  const loaded = useApi('health-model', () => api.get<{ model: THealthModel }>('/admin/v1/health/model'))
  const action = useAction()
  const editable = canChange(me)
  const save = async (event: Event) => {
    event.preventDefault()
    if (loaded.state !== 'ready') return
    const form = new FormData(event.currentTarget as HTMLFormElement)
    const model = structuredClone(loaded.data.model)
    for (const { key } of COMPONENTS) model.components[key].weight = numberOf(form, `weight-${key}`)
    model.bands = { yellow: numberOf(form, 'yellow'), green: numberOf(form, 'green') }
    const saved = await action.run(async () => {
      await api.put('/admin/v1/health/model', { model })
      return true
    }, 'Health model saved: scores use it from the next daily run')
    if (saved !== undefined) loaded.reload()
  }
  return (
    <article class="card" aria-labelledby="health-model-title">
      <h2 id="health-model-title" class="card-title">
        Health model
      </h2>
      {loaded.state === 'loading' ? (
        <Loading label="Loading the health model" />
      ) : loaded.state === 'error' ? (
        <ErrorPanel message={loaded.message} retry={loaded.reload} />
      ) : (
        <form class="settings-form" aria-label="Health model" onSubmit={save}>
          <fieldset disabled={!editable}>
            <legend>Weights (0-100; components without data are left out and the rest scaled up)</legend>
            <div class="number-grid">
              {COMPONENTS.map(({ key, label, hint }) => (
                <NumberField
                  key={key}
                  name={`weight-${key}`}
                  label={label}
                  hint={hint}
                  value={loaded.data.model.components[key].weight}
                />
              ))}
            </div>
          </fieldset>
          <fieldset disabled={!editable}>
            <legend>Bands: a score at or above a threshold is in its band, below yellow is red</legend>
            <div class="number-grid">
              <NumberField name="yellow" label="Yellow from" value={loaded.data.model.bands.yellow} />
              <NumberField name="green" label="Green from" value={loaded.data.model.bands.green} />
            </div>
          </fieldset>
          {editable ? (
            <div class="buttons">
              <button type="submit" class="button primary" disabled={action.busy}>
                Save health model
              </button>
              <ActionNote message={action.message} />
            </div>
          ) : (
            <p class="muted small">Viewers cannot change the health model.</p>
          )}
        </form>
      )}
    </article>
  )
}
