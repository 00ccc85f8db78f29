import type { TLifecycleRules } from '@heed/shared/lifecycle/rules'
import { api } from '../../api'
import { canChange, useMe } from '../../session'
import { ErrorPanel, Loading } from '../../ui/states'
import { ActionNote, useAction } from '../../ui/use-action'
import { useApi } from '../../ui/use-api'
import { NumberField, numberOf } from './number-field'

const AT_RISK_BANDS = [
  { band: 'red', label: 'Red' },
  { band: 'yellow', label: 'Yellow' },
] as const

/** The rules that place accounts in lifecycle stages (GET/PUT /admin/v1/lifecycle/rules). */
export function LifecycleRulesSection() {
  const { me } = useMe()
  const loaded = useApi('lifecycle-rules', () =>
    api.get<{ rules: TLifecycleRules }>('/admin/v1/lifecycle/rules'),
  )
  const action = useAction()
  const editable = canChange(me)
  const save = async (event: Event) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    const rules: TLifecycleRules = {
      activationEvent: String(form.get('activationEvent') ?? ''),
      referralEvent: String(form.get('referralEvent') ?? ''),
      onboardingDays: numberOf(form, 'onboardingDays'),
      valueAfterDays: numberOf(form, 'valueAfterDays'),
      advocacyWithinDays: numberOf(form, 'advocacyWithinDays'),
      atRiskBands: AT_RISK_BANDS.map(({ band }) => band).filter(
        (band) => form.get(`atRisk-${band}`) === 'on',
      ),
    }
    const saved = await action.run(async () => {
      await api.put('/admin/v1/lifecycle/rules', { rules })
      return true
    }, 'Lifecycle rules saved: stages follow them from the next daily run')
    if (saved !== undefined) loaded.reload()
  }
  return (
    <article class="card" aria-labelledby="lifecycle-rules-title">
      <h2 id="lifecycle-rules-title" class="card-title">
        Lifecycle rules
      </h2>
      {loaded.state === 'loading' ? (
        <Loading label="Loading the lifecycle rules" />
      ) : loaded.state === 'error' ? (
        <ErrorPanel message={loaded.message} retry={loaded.reload} />
      ) : (
        <form class="settings-form" aria-label="Lifecycle rules" onSubmit={save}>
          <fieldset disabled={!editable}>
            <legend>Events and periods</legend>
            <div class="number-grid">
              <label class="number-field">
                <span>Activation event</span>
                <input
                  name="activationEvent"
                  type="text"
                  value={loaded.data.rules.activationEvent}
                  required
                />
                <span class="muted small">the customer got set up</span>
              </label>
              <label class="number-field">
                <span>Referral event</span>
                <input name="referralEvent" type="text" value={loaded.data.rules.referralEvent} required />
                <span class="muted small">counts towards advocacy</span>
              </label>
              <NumberField
                name="onboardingDays"
                label="Onboarding days"
                hint="to activate before it is late"
                value={loaded.data.rules.onboardingDays}
              />
              <NumberField
                name="valueAfterDays"
                label="Value after days"
                hint="active this long: value realisation"
                value={loaded.data.rules.valueAfterDays}
              />
              <NumberField
                name="advocacyWithinDays"
                label="Advocacy within days"
                hint="window for a promoter answer or referral"
                value={loaded.data.rules.advocacyWithinDays}
              />
            </div>
          </fieldset>
          <fieldset disabled={!editable}>
            <legend>Health bands that put an account at risk</legend>
            {AT_RISK_BANDS.map(({ band, label }) => (
              <label key={band} class="check">
                <input
                  type="checkbox"
                  name={`atRisk-${band}`}
                  checked={loaded.data.rules.atRiskBands.includes(band)}
                />
                {label}
              </label>
            ))}
          </fieldset>
          {editable ? (
            <div class="buttons">
              <button type="submit" class="button primary">
                Save lifecycle rules
              </button>
              <ActionNote message={action.message} />
            </div>
          ) : (
            <p class="muted small">Viewers cannot change the lifecycle rules.</p>
          )}
        </form>
      )}
    </article>
  )
}
