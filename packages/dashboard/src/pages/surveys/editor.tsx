import type { ComponentChildren } from 'preact'
import { useMemo, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { ApiFailure, api } from '../../api'
import { KIND_LABELS } from '../../format'
import { canChange, useMe } from '../../session'
import { ErrorPanel, Loading } from '../../ui/states'
import { useApi } from '../../ui/use-api'
import { SurveyPreview } from './preview'
import { StatusMoves } from './status-moves'
import {
  bodyOf,
  changeKind,
  createBodyOf,
  formOf,
  newSurveyForm,
  POSITIONS,
  previewOf,
  type SurveyForm,
  THEMES,
  URL_OPS,
} from './survey-form'
import type { SurveyJson } from './types'

/** What the editor says once it has moved to the survey it just created (read once, then forgotten). */
let flash: string | undefined

/** The API's name of a field, as it names it in an error, for each input of the form. */
const FIELDS: [apiField: string, input: keyof SurveyForm][] = [
  ['name', 'name'],
  ['kind', 'kind'],
  ['defaultLocale', 'defaultLocale'],
  ['question', 'question'],
  ['followUp.default', 'followUp'],
  ['followUp.detractor', 'followUpDetractor'],
  ['followUp.passive', 'followUpPassive'],
  ['followUp.promoter', 'followUpPromoter'],
  ['scaleLabels.low', 'low'],
  ['scaleLabels.high', 'high'],
  ['thankYou', 'thankYou'],
  ['targeting.triggers.0.url', 'urlValue'],
  ['targeting.triggers.0.name', 'eventName'],
  ['targeting.delaySeconds', 'delaySeconds'],
  ['targeting.samplePercent', 'samplePercent'],
  ['targeting.displayLimit', 'displayLimit'],
  ['targeting.recurEveryDays', 'recurEveryDays'],
  ['appearance.brandColor', 'brandColor'],
  ['schedule.startsAt', 'startsAt'],
  ['schedule.endsAt', 'endsAt'],
]

const URL_OP_LABELS = {
  equals: 'is exactly',
  startsWith: 'starts with',
  contains: 'contains',
  glob: 'matches (* for anything)',
} as const

/** The new-survey page: the form, empty but for starting words, and its preview. */
export function NewSurveyPage() {
  return <SurveyEditor />
}

/** One survey's page: its form filled in from the API. */
export function EditSurveyPage({ id }: { id: string }) {
  const loaded = useApi(`survey:${id}`, () =>
    api.get<{ survey: SurveyJson }>(`/admin/v1/surveys/${encodeURIComponent(id)}`),
  )
  if (loaded.state === 'loading') return <Loading label="Loading the survey" />
  if (loaded.state === 'error') return <ErrorPanel message={loaded.message} retry={loaded.reload} />
  return (
    <SurveyEditor key={loaded.data.survey.updatedAt} stored={loaded.data.survey} reload={loaded.reload} />
  )
}

function SurveyEditor({ stored, reload }: { stored?: SurveyJson; reload?: () => void }) {
  const { me } = useMe()
  const { route } = useLocation()
  const editable = canChange(me) && stored?.status !== 'archived'
  const [form, setForm] = useState<SurveyForm>(() => (stored ? formOf(stored) : newSurveyForm()))
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<
    { kind: 'error' | 'done'; text: string; fields?: string[] } | undefined
  >(() => {
    const text = flash
    flash = undefined
    return text ? { kind: 'done', text } : undefined
  })
  const preview = useMemo(() => previewOf(form), [form])
  const set = <K extends keyof SurveyForm>(key: K, value: SurveyForm[K]) =>
    setForm((now) => ({ ...now, [key]: value }))
  const invalid = new Set(
    (message?.fields ?? []).flatMap((field) =>
      FIELDS.filter(([name]) => field === name || field.startsWith(`${name}.`)).map(([, input]) => input),
    ),
  )
  /** A labelled input bound to one field of the form. */
  const text = (
    key: keyof SurveyForm,
    label: string,
    options: { long?: boolean; hint?: string; type?: string } = {},
  ) => {
    const props = {
      id: `survey-${key}`,
      name: key,
      value: form[key],
      disabled: !editable,
      'aria-invalid': invalid.has(key) ? ('true' as const) : undefined,
      'aria-describedby':
        [options.hint && `survey-${key}-hint`, invalid.has(key) && 'survey-message']
          .filter(Boolean)
          .join(' ') || undefined,
      onInput: (event: Event) => set(key, (event.currentTarget as HTMLInputElement).value as never),
    }
    return (
      <label htmlFor={props.id}>
        {label}
        {options.long ? <textarea rows={2} {...props} /> : <input type={options.type ?? 'text'} {...props} />}
        {options.hint && (
          <span id={`survey-${key}-hint`} class="muted small">
            {options.hint}
          </span>
        )}
      </label>
    )
  }

  const save = async (event: Event) => {
    event.preventDefault()
    setBusy(true)
    setMessage(undefined)
    try {
      if (stored) {
        await api.patch(`/admin/v1/surveys/${encodeURIComponent(stored.id)}`, bodyOf(form, stored))
        flash = 'Saved. Visitors are asked the new version from their next page load.'
        reload?.()
      } else {
        const { survey } = await api.post<{ survey: SurveyJson }>('/admin/v1/surveys', createBodyOf(form))
        flash = 'Created as a draft. Activate it when it is ready to ask.'
        route(`/app/surveys/${encodeURIComponent(survey.id)}`)
      }
    } catch (failure) {
      setMessage({
        kind: 'error',
        text: failure instanceof Error ? failure.message : String(failure),
        fields: failure instanceof ApiFailure ? failure.fields : [],
      })
      setBusy(false)
    }
  }

  const kept = stored ? keptByApi(stored, form) : []
  return (
    <section aria-labelledby="survey-title">
      <div class="page-head">
        <div>
          <p class="muted small">
            <a href="/app/surveys">Surveys</a> /
          </p>
          <h1 id="survey-title">{stored ? stored.name : 'New survey'}</h1>
        </div>
        {stored && (
          <StatusMoves
            survey={stored}
            onMoved={(text) => {
              flash = text
              reload?.()
            }}
          />
        )}
      </div>
      {!canChange(me) && <p class="hint">Viewers can read surveys but not change them.</p>}
      {stored?.status === 'archived' && (
        <p class="hint">An archived survey stays as it was; create a new one to ask again.</p>
      )}
      {message?.kind === 'done' && (
        <p class="form-done flash" role="status">
          {message.text}
        </p>
      )}
      <div class="editor-grid">
        <form class="stack" onSubmit={save} aria-label={stored ? 'Edit the survey' : 'Create a survey'}>
          <Section title="What it asks">
            {text('name', 'Name', { hint: 'Only your team sees it.' })}
            <fieldset class="choice" disabled={!editable}>
              <legend>Kind</legend>
              {(['nps', 'csat', 'ces'] as const).map((kind) => (
                <label key={kind} class="check">
                  <input
                    type="radio"
                    name="kind"
                    value={kind}
                    checked={form.kind === kind}
                    aria-invalid={invalid.has('kind') ? 'true' : undefined}
                    onChange={() => setForm((now) => (stored ? { ...now, kind } : changeKind(now, kind)))}
                  />
                  {KIND_LABELS[kind]}
                  <span class="muted small">{KIND_HINTS[kind]}</span>
                </label>
              ))}
            </fieldset>
            {text('question', 'Question', { long: true })}
            {text('followUp', 'Follow-up question (“why?”)', {
              long: true,
              hint: 'Asked under the scale once a score is chosen.',
            })}
            <details open={Boolean(form.followUpDetractor || form.followUpPassive || form.followUpPromoter)}>
              <summary>A different follow-up by score</summary>
              <div class="stack inset">
                {text('followUpDetractor', 'After a low score (detractors)')}
                {text('followUpPassive', 'After a middle score (passives)')}
                {text('followUpPromoter', 'After a high score (promoters)')}
              </div>
            </details>
            <div class="fields-2">
              {text('low', 'Label under the lowest answer', { hint: 'Empty: the widget’s own words.' })}
              {text('high', 'Label under the highest answer')}
            </div>
            {text('thankYou', 'Thank-you message', {
              hint: 'Empty: “Thank you!” in the visitor’s language.',
            })}
            {text('defaultLocale', 'Language of these texts', {
              hint: 'A locale such as en or de-CH. Translations added through the API are kept.',
            })}
          </Section>
          <Section title="When it shows">
            <div class="fields-2">
              <label>
                Shown after
                <select
                  id="survey-trigger"
                  value={form.trigger}
                  disabled={!editable}
                  onChange={(event) =>
                    set('trigger', (event.currentTarget as HTMLSelectElement).value as SurveyForm['trigger'])
                  }
                >
                  <option value="pageview">a page view</option>
                  <option value="event">a tracked event</option>
                </select>
              </label>
              {form.trigger === 'event' ? (
                text('eventName', 'Event name', { hint: 'As the app tracks it: heed("track", name).' })
              ) : (
                <label>
                  On pages whose address
                  <select
                    id="survey-urlOp"
                    value={form.urlOp}
                    disabled={!editable}
                    onChange={(event) =>
                      set('urlOp', (event.currentTarget as HTMLSelectElement).value as SurveyForm['urlOp'])
                    }
                  >
                    <option value="">any page</option>
                    {URL_OPS.map((op) => (
                      <option key={op} value={op}>
                        {URL_OP_LABELS[op]}
                      </option>
                    ))}
                  </select>
                </label>
              )}
            </div>
            {form.trigger === 'pageview' &&
              form.urlOp !== '' &&
              text('urlValue', 'Address', {
                hint: 'The page’s full URL, e.g. https://app.example.com/billing',
              })}
            <div class="fields-2">
              {text('delaySeconds', 'Wait before showing (seconds)', { type: 'number' })}
              {text('samplePercent', 'Ask this share of people (%)', { type: 'number' })}
              {text('displayLimit', 'Show at most (times per person)', { type: 'number' })}
              {text('recurEveryDays', 'Ask again after (days)', {
                type: 'number',
                hint: 'Empty: once answered, never again.',
              })}
            </div>
            {kept.length > 0 && (
              <ul class="muted small kept">
                {kept.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
          </Section>
          <Section title="How it looks">
            <div class="fields-3">
              <label>
                Position
                <select
                  id="survey-position"
                  value={form.position}
                  disabled={!editable}
                  onChange={(event) =>
                    set(
                      'position',
                      (event.currentTarget as HTMLSelectElement).value as SurveyForm['position'],
                    )
                  }
                >
                  {POSITIONS.map((position) => (
                    <option key={position} value={position}>
                      {position.replace('-', ' ')}
                    </option>
                  ))}
                </select>
              </label>
              {text('brandColor', 'Brand colour', { type: 'color' })}
              <label>
                Theme
                <select
                  id="survey-theme"
                  value={form.theme}
                  disabled={!editable}
                  onChange={(event) =>
                    set('theme', (event.currentTarget as HTMLSelectElement).value as SurveyForm['theme'])
                  }
                >
                  {THEMES.map((theme) => (
                    <option key={theme} value={theme}>
                      {theme === 'auto' ? 'as the visitor’s' : theme}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          </Section>
          <Section title="Schedule">
            <div class="fields-2">
              {text('startsAt', 'Starts', {
                type: 'datetime-local',
                hint: 'Empty: as soon as it is active.',
              })}
              {text('endsAt', 'Ends', { type: 'datetime-local', hint: 'Empty: until paused.' })}
            </div>
          </Section>
          {message?.kind === 'error' && (
            <p id="survey-message" class="form-error" role="alert">
              {message.text}
            </p>
          )}
          {editable && (
            <div class="buttons">
              <button type="submit" class="button primary" disabled={busy}>
                {stored ? 'Save changes' : 'Create survey'}
              </button>
              <a class="button" href="/app/surveys">
                Cancel
              </a>
            </div>
          )}
        </form>
        <SurveyPreview survey={preview} />
      </div>
    </section>
  )
}

const KIND_HINTS = {
  nps: '0-10, how likely to recommend',
  csat: '1-5, how satisfied',
  ces: '1-7, how easy',
} as const

function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <fieldset class="card stack section">
      <legend class="card-title">{title}</legend>
      {children}
    </fieldset>
  )
}

/** What the API holds that the form keeps without showing. */
function keptByApi(stored: SurveyJson, form: SurveyForm): string[] {
  const lines: string[] = []
  const extra = stored.targeting.triggers.length - 1
  if (extra > 0)
    lines.push(`${extra} more trigger${extra === 1 ? '' : 's'}, set through the API, also show it.`)
  const first = stored.targeting.triggers[0]
  if (
    first?.type === 'event' &&
    first.where?.length &&
    form.trigger === 'event' &&
    form.eventName === first.name
  )
    lines.push(
      `The event must also meet ${first.where.length} property condition${first.where.length === 1 ? '' : 's'}.`,
    )
  const audience = stored.targeting.audience.length
  if (audience > 0)
    lines.push(`Only people who meet ${audience} audience condition${audience === 1 ? '' : 's'} are asked.`)
  return lines
}
