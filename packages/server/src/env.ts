import type { ProjectRecord } from './store/projects'

/** The one environment type every route and middleware of the app shares. */
export interface AppEnv {
  Variables: {
    requestId: string
    /** The project the request's key belongs to; set by the auth middleware. */
    project: ProjectRecord
  }
}
