import { api } from '../../api'
import { canChange, useMe } from '../../session'
import { ErrorPanel, Loading } from '../../ui/states'
import { ActionNote, useAction } from '../../ui/use-action'
import { useApi } from '../../ui/use-api'

/** The currency every revenue figure and the monthly report are shown in. */
export function RevenueSection() {
  const { me } = useMe()
  const loaded = useApi('revenue-settings', () =>
    api.get<{ reportingCurrency: string }>('/admin/v1/revenue/settings'),
  )
  const action = useAction()
  const editable = canChange(me)
  if (loaded.state === 'loading') return <Loading label="Loading the revenue settings" />
  if (loaded.state === 'error') return <ErrorPanel message={loaded.message} retry={loaded.reload} />
  const save = async (event: Event) => {
    event.preventDefault()
    const data = new FormData(event.currentTarget as HTMLFormElement)
    const currency = String(data.get('currency') ?? '')
      .trim()
      .toUpperCase()
    const saved = await action.run(
      () =>
        api.put<{ reportingCurrency: string }>('/admin/v1/revenue/settings', { reportingCurrency: currency }),
      (answer: { reportingCurrency: string }) => `Revenue is now reported in ${answer.reportingCurrency}.`,
    )
    if (saved) loaded.reload()
  }
  return (
    <form class="card stack" aria-labelledby="revenue-settings-title" onSubmit={save}>
      <h2 id="revenue-settings-title" class="card-title">
        Revenue
      </h2>
      <label class="narrow-field">
        Reporting currency
        <input
          name="currency"
          defaultValue={loaded.data.reportingCurrency}
          maxLength={3}
          disabled={!editable}
          aria-invalid={action.message?.kind === 'error' ? 'true' : undefined}
          aria-describedby="currency-hint"
        />
        <span id="currency-hint" class="muted small">
          An ISO 4217 code such as EUR or USD. Revenue in other currencies is converted with the rates sent to
          PUT /admin/v1/revenue/rates.
        </span>
      </label>
      <ActionNote message={action.message} />
      {editable && (
        <div class="buttons">
          <button type="submit" class="button primary" disabled={action.busy}>
            Save currency
          </button>
        </div>
      )}
    </form>
  )
}
