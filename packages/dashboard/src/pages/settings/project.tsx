import { api } from '../../api'
import { canChange, useMe } from '../../session'
import { ErrorPanel, Loading } from '../../ui/states'
import { ActionNote, useAction } from '../../ui/use-action'
import { useApi } from '../../ui/use-api'
import { invalidIn, type ProjectJson } from './project-types'

/** The zones the browser knows, for the time zone's suggestions (the server checks the name). */
const ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone')
  } catch {
    return []
  }
})()

/**
 * The project's own settings: its name, the time zone its days, weeks and months are counted in, the
 * follow-up SLA, how often one person may be asked, and where the widget may run.
 */
export function ProjectSection() {
  const { me } = useMe()
  const loaded = useApi('project', () => api.get<{ project: ProjectJson }>('/admin/v1/project'))
  const action = useAction()
  const editable = canChange(me)
  if (loaded.state === 'loading') return <Loading label="Loading the project" />
  if (loaded.state === 'error') return <ErrorPanel message={loaded.message} retry={loaded.reload} />
  const { project } = loaded.data
  const fields = action.message?.fields ?? []
  const invalid = (name: string) => (invalidIn(fields, name) ? ('true' as const) : undefined)
  const save = async (event: Event) => {
    event.preventDefault()
    const data = new FormData(event.currentTarget as HTMLFormElement)
    const number = (name: string) => {
      const text = String(data.get(name) ?? '').trim()
      return text !== '' && Number.isFinite(Number(text)) ? Number(text) : text
    }
    const saved = await action.run(
      () =>
        api.patch('/admin/v1/project', {
          name: data.get('name'),
          timeZone: String(data.get('timeZone') ?? '').trim(),
          followUpSlaHours: number('followUpSlaHours'),
          recontactDays: number('recontactDays'),
          honorDoNotTrack: data.get('honorDoNotTrack') === 'on',
          allowedOrigins: String(data.get('allowedOrigins') ?? '')
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean),
        }),
      'Saved. Periods and due times use the new settings from now on.',
    )
    if (saved) loaded.reload()
  }
  return (
    <form class="card stack" aria-labelledby="project-title" onSubmit={save}>
      <h2 id="project-title" class="card-title">
        Project
      </h2>
      <fieldset class="plain stack" disabled={!editable}>
        <div class="fields-2">
          <label>
            Name
            <input name="name" defaultValue={project.name} aria-invalid={invalid('name')} required />
          </label>
          <label>
            Time zone
            <input
              name="timeZone"
              list="time-zones"
              defaultValue={project.timeZone}
              aria-invalid={invalid('timeZone')}
              aria-describedby="time-zone-hint"
            />
            <span id="time-zone-hint" class="muted small">
              Days, weeks and months of every chart and report start at midnight here.
            </span>
          </label>
          <label>
            Follow-up SLA (hours)
            <input
              name="followUpSlaHours"
              type="number"
              min={1}
              defaultValue={String(project.followUpSlaHours)}
              aria-invalid={invalid('followUpSlaHours')}
              aria-describedby="sla-hint"
            />
            <span id="sla-hint" class="muted small">
              A detractor's case is overdue after this long; applies to cases opened from now on.
            </span>
          </label>
          <label>
            Ask one person at most every (days)
            <input
              name="recontactDays"
              type="number"
              min={0}
              defaultValue={String(project.recontactDays)}
              aria-invalid={invalid('recontactDays')}
              aria-describedby="recontact-hint"
            />
            <span id="recontact-hint" class="muted small">
              No second survey within this many days of any survey shown; 0 turns the window off.
            </span>
          </label>
        </div>
        <label>
          Pages allowed to run the widget (one origin a line)
          <textarea
            name="allowedOrigins"
            rows={3}
            defaultValue={project.allowedOrigins.join('\n')}
            aria-invalid={invalid('allowedOrigins')}
            aria-describedby="origins-hint"
          />
          <span id="origins-hint" class="muted small">
            Such as https://app.example.com or https://*.example.com. Empty allows every origin.
          </span>
        </label>
        <label class="check">
          <input type="checkbox" name="honorDoNotTrack" defaultChecked={project.honorDoNotTrack} />
          Stay silent for browsers that send Do-Not-Track or Global Privacy Control
        </label>
      </fieldset>
      <datalist id="time-zones">
        {ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <ActionNote message={action.message} />
      {editable && (
        <div class="buttons">
          <button type="submit" class="button primary" disabled={action.busy}>
            Save project
          </button>
        </div>
      )}
    </form>
  )
}
