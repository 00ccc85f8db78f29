import type { ColumnType, Generated } from 'kysely'

/**
 * Times are epoch milliseconds (UTC) in every table: portable between SQLite and PostgreSQL (bigint),
 * cheap to compare and to bucket, and free of driver time-zone conversions.
 * JSON documents are stored as text on both dialects; they are written and read whole by the server.
 */
type Millis = ColumnType<number, number, number>
type Json = string
type Flag = ColumnType<number, number | undefined, number>

export interface ProjectTable {
  id: string
  name: string
  public_key: string
  /** JSON array of origins allowed to call the public API from a browser; empty means any origin. */
  allowed_origins: Json
  /** Days during which nobody is asked a second survey of this project. */
  recontact_days: number
  /** 1 when the widget must stay silent for browsers that send Do-Not-Track or Global Privacy Control. */
  honor_do_not_track: Flag
  time_zone: string
  created_at: Millis
}

export interface SecretKeyTable {
  id: string
  project_id: string
  /** SHA-256 of the key: keys are 192 random bits, so a fast hash is as strong as a slow one here. */
  key_hash: string
  /** Last characters of the key, so people can tell keys apart in a list. */
  key_hint: string
  label: string
  created_at: Millis
  revoked_at: Millis | null
}

export interface SurveyTable {
  id: string
  project_id: string
  name: string
  kind: 'nps' | 'csat' | 'ces'
  status: 'draft' | 'active' | 'paused' | 'archived'
  /** The whole validated survey definition (TSurveyDefinition) as JSON. */
  definition: Json
  created_at: Millis
  updated_at: Millis
}

export interface DisplayTable {
  project_id: string
  id: string
  survey_id: string
  anonymous_id: string
  person_id: string | null
  url: string | null
  dismissed_at: Millis | null
  created_at: Millis
}

export interface ResponseTable {
  project_id: string
  id: string
  survey_id: string
  display_id: string | null
  anonymous_id: string
  person_id: string | null
  account_id: string | null
  score: number | null
  bucket: 'detractor' | 'passive' | 'promoter' | null
  comment: string | null
  locale: string | null
  url: string | null
  /** Snapshot of person and account traits when the answer was given, for segments. */
  traits: Json
  created_at: Millis
  updated_at: Millis
}

/**
 * Displays and answers per survey per 15-minute UTC slot. Every IANA zone's offset is a multiple of
 * 15 minutes since 1972, so any day, week, month or quarter in any zone is a whole number of slots and
 * trends read this table instead of every response. Kept in step with `responses` and `displays` in the
 * same transaction as each write.
 */
export interface ResponseRollupTable {
  project_id: string
  survey_id: string
  slot: number
  shown: Generated<number>
  dismissed: Generated<number>
  c0: Generated<number>
  c1: Generated<number>
  c2: Generated<number>
  c3: Generated<number>
  c4: Generated<number>
  c5: Generated<number>
  c6: Generated<number>
  c7: Generated<number>
  c8: Generated<number>
  c9: Generated<number>
  c10: Generated<number>
}

export interface EventTable {
  project_id: string
  id: string
  type: 'track' | 'page' | 'identify'
  name: string
  anonymous_id: string
  person_id: string | null
  account_id: string | null
  session_id: string | null
  properties: Json
  url: string | null
  occurred_at: Millis
  received_at: Millis
}

export interface PersonTable {
  project_id: string
  id: string
  account_id: string | null
  traits: Json
  first_seen: Millis
  last_seen: Millis
}

export interface PersonAliasTable {
  project_id: string
  anonymous_id: string
  person_id: string
}

export interface AccountTable {
  project_id: string
  id: string
  traits: Json
  first_seen: Millis
  last_seen: Millis
}

export interface Database {
  projects: ProjectTable
  secret_keys: SecretKeyTable
  surveys: SurveyTable
  displays: DisplayTable
  responses: ResponseTable
  response_rollups: ResponseRollupTable
  events: EventTable
  persons: PersonTable
  person_aliases: PersonAliasTable
  accounts: AccountTable
}
