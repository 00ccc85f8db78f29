import { type TSurveyDefinition, ZSurveyDefinition } from '@heed/shared/schemas/survey'
import type { SurveyKind } from '@heed/shared/scores/scales'
import { createApp } from '../src/app'
import type { HeedDatabase } from '../src/db/open'
import { createLogger } from '../src/logger'
import { createProject, type ProjectRecord } from '../src/store/projects'
import { createSurvey } from '../src/store/surveys'
import type { DestinationPolicy } from '../src/webhooks/destination-policy'
import { productionDestinations } from './webhook-destinations'

/** A valid, active survey definition of the kind; `overrides` replace top-level fields. */
export function surveyDefinition(
  kind: SurveyKind,
  overrides: Record<string, unknown> = {},
): TSurveyDefinition {
  return ZSurveyDefinition.parse({
    name: `${kind} survey`,
    kind,
    status: 'active',
    defaultLocale: 'en',
    question: { en: 'How likely are you to recommend us?' },
    followUp: { default: { en: 'Why?' } },
    targeting: { triggers: [{ type: 'pageview' }] },
    ...overrides,
  })
}

export interface TestProject {
  project: ProjectRecord
  secretKey: string
  surveys: Record<SurveyKind, string>
}

/** A project with one active survey of each kind. */
export async function seedProject(database: HeedDatabase, name = 'Acme'): Promise<TestProject> {
  const { project, secretKey } = await createProject(database, { name })
  const surveys = {} as Record<SurveyKind, string>
  for (const kind of ['nps', 'csat', 'ces'] as const) {
    surveys[kind] = (await createSurvey(database, project.id, surveyDefinition(kind))).id
  }
  return { project, secretKey, surveys }
}

/** The app as production builds it, with silent logs and rate limits out of the way unless asked. */
export function testApp(
  database: HeedDatabase,
  options: {
    rateLimits?: { ingest?: number; admin?: number }
    widgetDir?: string
    /** Production's rule by default, over a resolver that never asks the network. */
    webhookDestinations?: DestinationPolicy
  } = {},
) {
  return createApp({
    database,
    logger: createLogger('silent'),
    rateLimits: { ingest: 100_000, admin: 100_000, ...options.rateLimits },
    widgetDir: options.widgetDir,
    webhookDestinations: options.webhookDestinations ?? productionDestinations(),
  })
}

/** JSON request options for `app.request`. */
export function post(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }
}

/** A response body, typed by the test that reads it. */
export async function jsonOf<T>(response: Response): Promise<T> {
  return (await response.json()) as T
}

export interface ErrorJson {
  error: { code: string; message: string; issues?: { field: string; message: string }[]; requestId?: string }
}

/** The fields an error response names. */
export const fieldsOf = async (response: Response) =>
  ((await jsonOf<ErrorJson>(response)).error.issues ?? []).map((issue) => issue.field)
