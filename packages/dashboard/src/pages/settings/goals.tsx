import { GOAL_COMPARISONS, GOAL_METRICS, type Goal, type GoalMetric } from '@heed/shared/revenue/goals'
import { api } from '../../api'
import { canChange, useMe } from '../../session'
import { ErrorPanel, Loading } from '../../ui/states'
import { ActionNote, useAction } from '../../ui/use-action'
import { useApi } from '../../ui/use-api'

/** How each metric is named and typed: rates in percent (the API takes fractions), NPS in points. */
const METRICS: Record<GoalMetric, { label: string; unit: '%' | 'points' | '×' }> = {
  netRevenueRetention: { label: 'Net revenue retention', unit: '%' },
  grossRevenueRetention: { label: 'Gross revenue retention', unit: '%' },
  expansionRate: { label: 'Expansion rate', unit: '%' },
  contractionRate: { label: 'Contraction rate', unit: '%' },
  revenueChurnRate: { label: 'Revenue churn rate', unit: '%' },
  customerChurnRate: { label: 'Customer churn rate', unit: '%' },
  logoRetention: { label: 'Logo retention', unit: '%' },
  quickRatio: { label: 'Quick ratio', unit: '×' },
  nps: { label: 'NPS', unit: 'points' },
  detractorFollowUpWithinSla: { label: 'Detractors followed up within SLA', unit: '%' },
}

const COMPARISON_LABELS: Record<(typeof GOAL_COMPARISONS)[number], string> = {
  '>=': 'at least',
  '>': 'above',
  '<=': 'at most',
  '<': 'below',
}

/** A target as the person types it: percent for rates; 12 significant digits hide 0.015 × 100's float noise. */
export const shownTarget = (metric: GoalMetric, target: number) =>
  String(METRICS[metric].unit === '%' ? Number((target * 100).toPrecision(12)) : target)

export const sentTarget = (metric: GoalMetric, typed: number) =>
  METRICS[metric].unit === '%' ? Number((typed / 100).toPrecision(12)) : typed

/** The team's goal for each metric, met or missed in the monthly report. A metric left at "no goal" has none. */
export function GoalsSection() {
  const { me } = useMe()
  const loaded = useApi('goals', () => api.get<{ goals: Goal[] }>('/admin/v1/goals'))
  const action = useAction()
  const editable = canChange(me)
  if (loaded.state === 'loading') return <Loading label="Loading goals" />
  if (loaded.state === 'error') return <ErrorPanel message={loaded.message} retry={loaded.reload} />
  const goals = new Map(loaded.data.goals.map((goal) => [goal.metric, goal]))
  const save = async (event: Event) => {
    event.preventDefault()
    const data = new FormData(event.currentTarget as HTMLFormElement)
    const list: unknown[] = []
    for (const metric of GOAL_METRICS) {
      const comparison = String(data.get(`${metric}-comparison`) ?? '')
      if (comparison === '') continue
      const text = String(data.get(`${metric}-target`) ?? '').trim()
      const typed = Number(text)
      // Text that is no number goes as it is: the API refuses it, naming the goal.
      list.push({
        metric,
        comparison,
        target: text !== '' && Number.isFinite(typed) ? sentTarget(metric, typed) : text,
      })
    }
    const saved = await action.run(
      () => api.put('/admin/v1/goals', { goals: list }),
      `Saved ${list.length} goal${list.length === 1 ? '' : 's'}. The monthly report measures against them.`,
    )
    if (saved) loaded.reload()
  }
  return (
    <form class="card stack" aria-labelledby="goals-title" onSubmit={save}>
      <h2 id="goals-title" class="card-title">
        Goals
      </h2>
      <p class="muted small">The monthly report shows each result beside its goal: met or missed.</p>
      <fieldset class="plain" disabled={!editable}>
        <table class="table goals">
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">Goal</th>
              <th scope="col">Target</th>
            </tr>
          </thead>
          <tbody>
            {GOAL_METRICS.map((metric) => {
              const goal = goals.get(metric)
              const { label, unit } = METRICS[metric]
              return (
                <tr key={metric}>
                  <th scope="row" id={`goal-${metric}`}>
                    {label}
                  </th>
                  <td>
                    <select
                      name={`${metric}-comparison`}
                      defaultValue={goal?.comparison ?? ''}
                      aria-label={`${label}: goal`}
                    >
                      <option value="">no goal</option>
                      {GOAL_COMPARISONS.map((comparison) => (
                        <option key={comparison} value={comparison}>
                          {COMPARISON_LABELS[comparison]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <span class="with-unit">
                      <input
                        name={`${metric}-target`}
                        inputMode="decimal"
                        defaultValue={goal ? shownTarget(metric, goal.target) : ''}
                        aria-label={`${label}: target in ${unit === '%' ? 'percent' : unit === '×' ? 'times' : 'points'}`}
                      />
                      <span aria-hidden="true">{unit}</span>
                    </span>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </fieldset>
      <ActionNote message={action.message} />
      {editable && (
        <div class="buttons">
          <button type="submit" class="button primary" disabled={action.busy}>
            Save goals
          </button>
        </div>
      )}
    </form>
  )
}
