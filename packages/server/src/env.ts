import type { HttpBindings } from '@hono/node-server'
import type { ProjectRecord } from './store/projects'
import type { User } from './store/users/users'

/** The one environment type every route and middleware of the app shares. */
export interface AppEnv {
  /** Present when served by Node (`heed start`); absent under `app.request()` in tests. */
  Bindings: Partial<HttpBindings>
  /** Read with `c.get(name)`: `c.var` copies every variable into a new object on each access. */
  Variables: {
    requestId: string
    /** The project the request's key belongs to; set by the auth middleware. */
    project: ProjectRecord
    /** The request's body as received by `receiveRequest`; absent when the request has none. */
    body: Buffer
    /** The signed-in person when the request came with a session cookie, not a secret key. */
    user: User | undefined
    /** The request body's text, within the route's size limit, set by `limitBody`. */
    bodyText: string
  }
}
