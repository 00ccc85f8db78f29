import type { Write } from '../db/write'
import { RECORD_DISPLAY } from './displays'
import { RECORD_EVENTS } from './events'
import { IDENTIFY, IDENTIFY_ANONYMOUS } from './people'
import { RECORD_RESPONSE } from './responses'
import { CATCH_UP_USAGE } from './usage/catch-up'
import { REBUILD_USAGE_ZONE } from './usage/zone-rebuild'

/**
 * The writes that `HeedDatabase.write` sends to SQLite's writer thread: what the ingest API stores. A write
 * missing here is refused by the thread with an error naming it.
 */
export const THREAD_WRITES: ReadonlyArray<Write<never[], unknown>> = [
  RECORD_RESPONSE,
  RECORD_EVENTS,
  RECORD_DISPLAY,
  IDENTIFY,
  IDENTIFY_ANONYMOUS,
  CATCH_UP_USAGE,
  REBUILD_USAGE_ZONE,
]
