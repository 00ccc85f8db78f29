import type { TSurveyDefinition } from '@heed/shared/schemas/survey'

/**
 * A live survey as GET /ingest/v1/config sends it: the definition without what only the dashboard needs
 * (name, status, schedule — the server already filtered on those), plus its id.
 */
export type WidgetSurvey = { id: string } & Omit<TSurveyDefinition, 'name' | 'status' | 'schedule'>

/** The body of GET /ingest/v1/config. */
export interface WidgetConfig {
  project: {
    /** No second survey of this project within this many days of any survey shown; 0 turns the window off. */
    recontactDays: number
    /** Stay silent (send nothing, show nothing) for browsers that send Do-Not-Track or Global Privacy Control. */
    honorDoNotTrack: boolean
  }
  surveys: WidgetSurvey[]
}
