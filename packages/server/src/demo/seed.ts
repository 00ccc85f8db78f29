import { shiftPeriod } from '@heed/shared/periods/period'
import type { SurveyKind } from '@heed/shared/scores/scales'
import type { HeedDatabase } from '../db/open'
import { addCaseNote, updateCases } from '../store/cases'
import { recordDisplay } from '../store/displays'
import { type EventInput, recordEvents } from '../store/events'
import { snapshotHealth } from '../store/health/snapshot'
import { identify } from '../store/people'
import { createProject, type ProjectRecord } from '../store/projects'
import { recordResponse } from '../store/responses'
import { putGoals } from '../store/revenue/goals'
import { recordChanges } from '../store/revenue/ledger'
import { putRates } from '../store/revenue/rates'
import { setReportingCurrency } from '../store/revenue/settings'
import { createSurvey } from '../store/surveys'
import { putTeamMember } from '../store/team'
import { putCatalogue } from '../store/usage/catalogue'
import { catchUpUsage } from '../store/usage/catch-up'
import { DEMO_FEATURES } from './features'
import type { PlannedFollowUp } from './follow-ups'
import { type DemoPlan, type DemoSize, planDemo } from './plan'
import { DEMO_GOALS, DEMO_REPORTING_CURRENCY } from './revenue'
import { DEMO_SURVEYS } from './surveys'
import { DEMO_TIME_ZONE } from './timeline'

export const DEMO_PROJECT_NAME = 'Acme Analytics'

/** The ingest API's batch size: the demo writes events as the widget sends them. */
const EVENT_BATCH = 100
/** How long after an event's last one a batch reaches the server. */
const DELIVERY_DELAY_MS = 1_500

export type SeedStage = 'people' | 'surveys' | 'responses' | 'cases' | 'events' | 'revenue' | 'health'

export interface SeedProgress {
  stage: SeedStage
  done: number
  total: number
}

export interface SeedOptions {
  size?: DemoSize
  /** The demo covers the year before this day. */
  now?: number
  onProgress?: (progress: SeedProgress) => void
  /** Called once the project exists, before any data is written: its secret key is known only now. */
  onProjectCreated?: (project: ProjectRecord, secretKey: string) => void
}

export interface DemoCounts {
  accounts: number
  persons: number
  surveys: number
  displays: number
  responses: number
  comments: number
  /** Follow-up cases, one per detractor answer. */
  cases: number
  events: number
  /** Changes in the revenue ledger. */
  revenueChanges: number
}

export interface SeededDemo {
  project: ProjectRecord
  secretKey: string
  counts: DemoCounts
}

/**
 * Creates the demo project and fills it with a year of people, answers and usage. Everything goes through
 * the same store functions as live traffic (identify, recordDisplay, recordResponse, recordEvents), one
 * transaction per message as the API would make it, so the rollups are exactly what live traffic would
 * have built.
 */
export async function seedDemo(database: HeedDatabase, options: SeedOptions = {}): Promise<SeededDemo> {
  const { size = 'full', now = Date.now(), onProgress = () => {}, onProjectCreated = () => {} } = options
  const plan = planDemo(size, now)
  const createdAt = plan.timeline.start
  const { project, secretKey } = await createProject(
    database,
    { name: DEMO_PROJECT_NAME, timeZone: DEMO_TIME_ZONE },
    createdAt,
  )
  onProjectCreated(project, secretKey)

  const report = reporter(onProgress)
  const people = report('people', plan.persons.length)
  for (const person of plan.persons) {
    await identify(database, project.id, {
      anonymousId: person.anonymousId,
      userId: person.id,
      traits: person.traits,
      account: { id: person.account.id, traits: person.account.traits },
      at: person.signupAt,
    })
    people.step()
  }

  const surveyIds = {} as Record<SurveyKind, string>
  const surveys = report('surveys', 3)
  for (const [order, kind] of (['nps', 'csat', 'ces'] as const).entries()) {
    // A minute apart, so lists ordered by creation show them in this order.
    const at = createdAt + order * 60_000
    surveyIds[kind] = (await createSurvey(database, project.id, DEMO_SURVEYS[kind], at)).id
    surveys.step()
  }

  // The team first, so that every detractor's case opens with its account's owner as a member.
  for (const member of plan.team)
    await putTeamMember(database, project.id, { ...member, active: true }, createdAt)
  await writeDisplays(database, project.id, plan, surveyIds, report('responses', plan.displays.length))
  await writeFollowUps(database, project.id, plan.followUps, report('cases', plan.followUps.length))
  // The catalogue before the events, so each event's feature use is counted as it is written.
  await putCatalogue(database, project.id, DEMO_FEATURES, createdAt)
  await writeEvents(database, project.id, plan.events, report('events', plan.events.length))
  await writeRevenue(database, project, plan, report('revenue', plan.revenue.changes.length))
  await writeHealth(database, project, plan, report('health', HEALTH_WEEKS + 1))
  return { project, secretKey, counts: countsOf(plan) }
}

async function writeDisplays(
  database: HeedDatabase,
  projectId: string,
  plan: DemoPlan,
  surveyIds: Record<SurveyKind, string>,
  progress: Stage,
): Promise<void> {
  for (const display of plan.displays) {
    const { person, kind, url } = display
    const surveyId = surveyIds[kind]
    const who = { anonymousId: person.anonymousId, userId: person.id }
    await recordDisplay(database, projectId, {
      id: display.id,
      surveyId,
      ...who,
      event: 'shown',
      url,
      at: display.shownAt,
    })
    if (display.dismissedAt !== undefined) {
      await recordDisplay(database, projectId, {
        id: display.id,
        surveyId,
        ...who,
        event: 'dismissed',
        url,
        at: display.dismissedAt,
      })
    }
    if (display.response) {
      const { id, at, answer } = display.response
      await recordResponse(
        database,
        projectId,
        {
          id,
          surveyId,
          kind,
          displayId: display.id,
          ...who,
          accountId: person.account.id,
          score: answer.score,
          comment: answer.comment?.text,
          locale: person.locale,
          url,
          at,
        },
        at,
      )
    }
    progress.step()
  }
}

/** Works each detractor's case as its owner did: first contact (with a note), then the outcome. */
async function writeFollowUps(
  database: HeedDatabase,
  projectId: string,
  followUps: readonly PlannedFollowUp[],
  progress: Stage,
): Promise<void> {
  const rows = await database.db
    .selectFrom('cases')
    .select(['id', 'response_id', 'owner'])
    .where('project_id', '=', projectId)
    .execute()
  const cases = new Map(rows.map((row) => [row.response_id, row]))
  for (const followUp of followUps) {
    const found = cases.get(followUp.responseId)
    if (!found) throw new Error(`the demo's detractor ${followUp.responseId} has no case`)
    const actor = found.owner ?? 'Customer Success'
    const why = {
      ...(followUp.rootCause !== undefined && { rootCause: followUp.rootCause }),
      ...(followUp.tags.length > 0 && { tags: followUp.tags }),
    }
    const changes: [at: number | undefined, change: Parameters<typeof updateCases>[3]][] = [
      [followUp.contactAt, { status: 'contacted', ...(followUp.closedAt === undefined && why) }],
      [followUp.closedAt, { status: followUp.outcome, ...why }],
    ]
    for (const [at, change] of changes) {
      if (at === undefined) continue
      const outcome = await updateCases(database, projectId, [found.id], change, actor, at)
      if (outcome.outcome !== 'updated')
        throw new Error(`the demo's case plan is refused: ${JSON.stringify(outcome)}`)
    }
    const notedAt = followUp.closedAt ?? followUp.contactAt
    if (followUp.note !== undefined && notedAt !== undefined) {
      await addCaseNote(database, projectId, found.id, actor, followUp.note, notedAt + 60_000)
    }
    progress.step()
  }
}

async function writeEvents(
  database: HeedDatabase,
  projectId: string,
  events: readonly EventInput[],
  progress: Stage,
): Promise<void> {
  for (let start = 0; start < events.length; start += EVENT_BATCH) {
    const batch = events.slice(start, start + EVENT_BATCH)
    const receivedAt = (batch.at(-1)?.at ?? 0) + DELIVERY_DELAY_MS
    await recordEvents(database, projectId, batch, receivedAt)
    progress.step(batch.length)
  }
  // The usage rollups the pages read, folded now rather than by the server's worker after it starts.
  await catchUpUsage(database, projectId, 5_000)
}

/** The ledger through the same function as the API, after the currency, the dollar's rates and the goals. */
async function writeRevenue(
  database: HeedDatabase,
  project: ProjectRecord,
  plan: DemoPlan,
  progress: Stage,
): Promise<void> {
  const at = plan.timeline.start
  await setReportingCurrency(database, project.id, DEMO_REPORTING_CURRENCY)
  await putRates(database, project.id, plan.revenue.rates, at)
  await putGoals(database, project.id, DEMO_GOALS, at)
  let done = 0
  await recordChanges(database, project.id, plan.revenue.changes, {
    now: plan.timeline.end,
    timeZone: project.timeZone,
    onProgress: (stored) => {
      progress.step(stored - done)
      done = stored
    },
  })
}

/** Weeks of health history the demo starts with: enough for a trend and a half-year chart. */
const HEALTH_WEEKS = 26

/**
 * A weekly health snapshot for the last half year, computed from the data as it was each week (the same
 * healthAsOf the daily job uses), then today's scores and stages: the accounts list, the trend and the
 * stages have something to show from the first start.
 */
async function writeHealth(database: HeedDatabase, project: ProjectRecord, plan: DemoPlan, progress: Stage) {
  const timeZone = project.timeZone
  for (let week = HEALTH_WEEKS; week >= 1; week--) {
    const asOf = shiftPeriod(new Date(plan.timeline.end), -7 * week, 'day', timeZone).getTime()
    await snapshotHealth(database, project.id, { asOf, timeZone, latest: false })
    progress.step()
  }
  await snapshotHealth(database, project.id, { asOf: plan.timeline.end, timeZone, latest: true })
  progress.step()
}

function countsOf(plan: DemoPlan): DemoCounts {
  const responses = plan.displays.flatMap((display) => (display.response ? [display.response] : []))
  return {
    accounts: plan.accounts.length,
    persons: plan.persons.length,
    surveys: 3,
    displays: plan.displays.length,
    responses: responses.length,
    comments: responses.filter((response) => response.answer.comment).length,
    cases: plan.followUps.length,
    events: plan.events.length,
    revenueChanges: plan.revenue.changes.length,
  }
}

interface Stage {
  step(count?: number): void
}

/** Progress per stage: its start, then about every percent, and its end, whatever the stage's size. */
function reporter(onProgress: (progress: SeedProgress) => void) {
  return (stage: SeedStage, total: number): Stage => {
    let done = 0
    let reported = 0
    const every = Math.max(1, Math.floor(total / 100))
    onProgress({ stage, done, total })
    return {
      step(count = 1) {
        done += count
        if (done - reported >= every || done === total) {
          reported = done
          onProgress({ stage, done, total })
        }
      },
    }
  }
}
