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
  /** Hours a detractor's follow-up case has before it is overdue. */
  follow_up_sla_hours: ColumnType<number, number | undefined, number>
  /** ISO 4217 code every revenue figure of the project is reported in. */
  reporting_currency: ColumnType<string, string | undefined, string>
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
export interface ResponseRollupTable extends RollupCounters {
  project_id: string
  survey_id: string
  slot: number
}

/** A trait of the answers' snapshots that a project declared as a segment: its trends read rollups. */
export interface ProjectSegmentTable {
  project_id: string
  trait: string
  declared_at: Millis
  /** When the backfill of the answers stored before the declaration finished; until then trends count rows. */
  ready_at: Millis | null
}

export type ScoreCounters = Pick<RollupCounters, `c${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10}`>

/**
 * Answers per score value per survey per value of a declared segment trait, by 15-minute slot; kept in the
 * answer's transaction like `response_rollups`. `value_key` is '=' and the value as text, or '' for an
 * answer whose snapshot has no value (see store/segments/rollups.ts).
 */
export interface SegmentRollupTable extends ScoreCounters {
  project_id: string
  trait: string
  slot: number
  survey_id: string
  value_key: string
}

/** `segment_rollups` summed by UTC day. */
export interface SegmentDayRollupTable extends ScoreCounters {
  project_id: string
  trait: string
  day: number
  survey_id: string
  value_key: string
}

/** `response_rollups` summed by UTC day (day = slot div 96). */
export interface ResponseDayRollupTable extends RollupCounters {
  project_id: string
  survey_id: string
  day: number
}

/** Displays shown and dismissed, and answers per score value. */
interface RollupCounters {
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
  type: 'track' | 'page' | 'screen' | 'identify'
  name: string
  anonymous_id: string
  person_id: string | null
  account_id: string | null
  session_id: string | null
  properties: Json
  url: string | null
  occurred_at: Millis
  received_at: Millis
  /** From the sender's `context` (Segment libraries): what filters on events can select by. */
  user_agent: string | null
  locale: string | null
  /** `name@version` of the library that sent the event. */
  library: string | null
  utm_campaign: string | null
  utm_source: string | null
  utm_medium: string | null
  page_path: string | null
  referrer: string | null
  title: string | null
}

/** Traits and the account of someone known only by an anonymous id; merged into the person on identify. */
export interface AnonymousTraitsTable {
  project_id: string
  anonymous_id: string
  traits: Json
  account_id: string | null
  updated_at: Millis
}

/**
 * Messages of an ingest request that were refused while the rest of the request was stored, for
 * admins to see what a sender gets wrong. Ids sort by time; only the latest are kept per project.
 */
export interface IngestErrorTable {
  project_id: string
  id: string
  /** The route the message came to, e.g. `/v1/batch`. */
  route: string
  /** The message's position in its batch; null for a single-message route. */
  message_index: number | null
  message_id: string | null
  message_type: string | null
  field: string
  reason: string
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

export interface WebhookTable {
  id: string
  project_id: string
  url: string
  /** Stored as given out, not hashed: the dispatcher signs every delivery with it. */
  secret: string
  /** JSON array of the event types the webhook receives. */
  events: Json
  format: 'json' | 'slack'
  active: Flag
  created_at: Millis
  updated_at: Millis
}

/**
 * Events waiting to be delivered, one row per event per webhook, written in the transaction of the change
 * they report. `next_attempt_at` is NULL once the row is delivered or dead, so due rows are the indexed
 * non-null ones up to now; while a dispatcher sends a row it holds a lease by moving it into the future.
 */
export interface WebhookOutboxTable {
  id: string
  project_id: string
  webhook_id: string
  event_type: string
  response_id: string | null
  /** JSON: the event's `data`. */
  payload: Json
  attempts: Generated<number>
  next_attempt_at: Millis | null
  delivered_at: Millis | null
  dead_at: Millis | null
  last_error: string | null
  created_at: Millis
}

/** One row per delivery attempt: what the receiver answered, or why it could not be reached. */
export interface WebhookDeliveryTable {
  id: string
  project_id: string
  outbox_id: string
  webhook_id: string
  attempt: number
  status_code: number | null
  error: string | null
  duration_ms: number
  at: Millis
}

export type CaseStatus = 'open' | 'contacted' | 'resolved' | 'wont_fix'

/**
 * A detractor's follow-up: one per response, opened in the transaction that made it a detractor. Who answered
 * (person, account) is read from the response, which identify() keeps up to date, rather than copied here.
 */
export interface CaseTable {
  project_id: string
  id: string
  response_id: string
  survey_id: string
  /** A team member's e-mail, or the account's `owner` trait; null while unassigned. */
  owner: string | null
  status: CaseStatus
  /** The primary root cause: a key of the project's taxonomy. */
  root_cause: string | null
  /** JSON array of secondary taxonomy keys. */
  tags: Json
  due_at: Millis
  first_contact_at: Millis | null
  resolved_at: Millis | null
  /** Counts the case's changes; the history rows of one change share its version. */
  version: number
  created_at: Millis
  updated_at: Millis
}

/** One field of one change of a case: who changed it, when, from what (JSON) to what (JSON). */
export interface CaseEventTable {
  project_id: string
  case_id: string
  version: number
  field: string
  from_value: Json
  to_value: Json
  actor: string
  at: Millis
}

export interface CaseNoteTable {
  project_id: string
  id: string
  case_id: string
  author: string
  text: string
  created_at: Millis
}

/** The people cases are assigned to, by e-mail; inactive members keep their cases but get no new ones. */
export interface TeamMemberTable {
  project_id: string
  email: string
  name: string
  active: number
  /** Round-robin order: the active member with the lowest turn gets the next unowned case. */
  turn: Generated<number>
  created_at: Millis
  updated_at: Millis
}

/**
 * What the taggers (packages/shared/src/text) found in a response's comment, one row per commented response.
 * A field a person corrected is flagged and kept as they set it, whatever later re-tags find.
 */
export interface ResponseTagTable {
  project_id: string
  response_id: string
  /** ISO 639-1 code, or 'und' when the text is too short to tell. */
  language: string
  /** 0 for languages the taggers do not read: they then have no sentiment and no themes. */
  supported: number
  sentiment: 'negative' | 'neutral' | 'positive' | null
  /** -1..1; null when a person set the sentiment or the language is not supported. */
  sentiment_score: number | null
  /** JSON array of theme keys of the project's taxonomy. */
  themes: Json
  sentiment_corrected: Flag
  themes_corrected: Flag
  corrected_by: string | null
  tagger_version: string
  updated_at: Millis
}

/** A project's own themes; the default ones live in code (DEFAULT_THEMES) and are not stored. */
export interface TaxonomyThemeTable {
  project_id: string
  key: string
  label: string
  /** JSON arrays of strings. */
  keywords: Json
  phrases: Json
  excludes: Json
  custom: Flag
  created_at: Millis
  updated_at: Millis
}

export type JobStatus = 'running' | 'done'

export type JobKind = 'retag' | 'segment-backfill' | 'feature-rebuild'

/** A background job over a project's rows, resumable from `cursor` (the last row it finished). */
export interface JobTable {
  id: string
  project_id: string
  kind: JobKind
  /** What the job works on: a segment backfill's trait; null for a re-tag. */
  subject: ColumnType<string | null, string | null | undefined, string | null>
  cursor: string | null
  done: number
  total: number
  status: JobStatus
  /** The last error a chunk met; the job is tried again, so this is for people to read. */
  error: string | null
  started_at: Millis
  updated_at: Millis
  finished_at: Millis | null
}

/** Who was active on a UTC day: `hours` has bit h set when they were active in the day's UTC hour h. */
export interface UsageActivityTable {
  project_id: string
  day: number
  /** '' for events with an account but no identified person. */
  person_id: string
  /** '' for events without an account. */
  account_id: string
  hours: number
}

/** A UTC day on which a person ('p') or an account ('a') was active. */
export interface UsageUtcDayTable {
  project_id: string
  actor_kind: 'p' | 'a'
  actor: string
  day: number
}

/** How many actors were active on a UTC day `gap` days after their previous active day (31: longer, or none). */
export interface UsageDayGapTable {
  project_id: string
  actor_kind: 'p' | 'a'
  day: number
  gap: number
  n: number
}

/** A local day of the project's time zone (epoch day of the local date) on which an actor was active. */
export type UsageZoneDayTable = UsageUtcDayTable

/** usage_day_gaps by local day of the project's time zone. */
export type UsageZoneGapTable = UsageDayGapTable

/** The zone usage_zone_days and usage_zone_gaps are kept in, and how far they are built (see zone.ts). */
export interface UsageZoneTable {
  project_id: string
  time_zone: string
  phase: 'clear' | 'build' | 'ready'
  /** While building: the UTC day of usage_activity up to which (exclusive) rows are folded in. */
  cursor: number
}

/** An identified person's session: from its first to its last event, 30 minutes without one end it. */
export interface UsageSessionTable {
  project_id: string
  person_id: string
  started_at: Millis
  ended_at: Millis
  events: number
  /** The account of the session's latest event with one; '' when none had. */
  account_id: string
}

/** Per project, the storing position (SQLite rowid, PostgreSQL `events.seq`) of the last event in the usage rollups. */
export interface UsageWatermarkTable {
  project_id: string
  seq: number
}

/** The project's sessions starting in a UTC hour (hours since the epoch), and their total duration. */
export interface UsageSessionHourTable {
  project_id: string
  hour: number
  sessions: number
  duration_ms: number
}

/** usage_activity's rows of a person and account in a UTC month: each day's hour mask as 6 hex digits. */
export interface UsageMonthTable {
  project_id: string
  /** Months since January 1970, UTC. */
  month: number
  person_id: string
  account_id: string
  hours: string
}

type HourColumns<P extends string> = { [H in `${P}${number}`]: number }

/** An account's sessions starting in each hour (s0..s23) of a UTC day, and their total durations (ms0..ms23). */
export type UsageAccountSessionDayTable = {
  project_id: string
  day: number
  account_id: string
} & HourColumns<'s'> &
  HourColumns<'ms'>

/** One feature of the project's catalogue; `definition` is its JSON (label, events, pages, plans). */
export interface FeatureTable {
  project_id: string
  key: string
  position: number
  definition: string
}

/** Uses of a feature by a person and account on a UTC day, as `usage_activity` keeps activity. */
export interface FeatureUsageTable {
  project_id: string
  feature_key: string
  day: number
  person_id: string
  account_id: string
  hours: number
  uses: number
  last_at: Millis
}

/** Someone who signs in to the dashboard; role admin, member or viewer. */
export interface UserTable {
  id: string
  project_id: string
  email: string
  name: string
  role: string
  /** `scrypt$N$r$p$salt$hash`; null until a password is set through a one-time link. */
  password_hash: string | null
  created_at: Millis
  updated_at: Millis
}

/** A one-time set-password link, by the SHA-256 of its token. */
export interface UserTokenTable {
  token_hash: string
  user_id: string
  expires_at: Millis
  created_at: Millis
}

/** A signed-in browser, by the SHA-256 of its cookie; expires when idle and at an absolute age. */
export interface SessionTable {
  id_hash: string
  user_id: string
  csrf_token: string
  created_at: Millis
  last_seen_at: Millis
}

/** One entry of the revenue ledger: from `at` on, the account pays `mrr` minor units of `currency` a month. */
export interface RevenueChangeTable {
  project_id: string
  id: string
  account_id: string
  at: Millis
  mrr: ColumnType<number, number, number>
  currency: string
  plan: string | null
  status: 'trial' | 'active' | 'canceled'
  renews_at: Millis | null
  recorded_at: Millis
  /*
   * Derived at write time from the account's neighbouring changes (store/revenue/neighbours.ts), so that the
   * figures read them instead of recomputing them over the whole ledger: the previous change's instant, paid
   * MRR (0 unless active) and currency, NULL for the first; the next change's instant, NULL for the latest;
   * the account's first paid change's instant, the same on every row of the account.
   */
  prev_at: Millis | null
  prev_paid: number | null
  prev_currency: string | null
  next_at: Millis | null
  first_paid_at: Millis | null
}

/**
 * Per month (its start in the project's time zone) holding revenue changes, kept at write time
 * (store/revenue/month-totals.ts): the movements and customer counts of the accounts whose MRR at both ends of
 * the month is in the reporting currency, and the reporting-currency MRR and paying accounts all of the
 * month's changes add.
 */
export interface RevenueMonthTotalTable {
  project_id: string
  month_start: Millis
  mrr_delta: ColumnType<number, number, number>
  paying_delta: ColumnType<number, number, number>
  new_mrr: ColumnType<number, number, number>
  expansion: ColumnType<number, number, number>
  contraction: ColumnType<number, number, number>
  churn: ColumnType<number, number, number>
  reactivation: ColumnType<number, number, number>
  new_customers: ColumnType<number, number, number>
  reactivated: ColumnType<number, number, number>
  churned: ColumnType<number, number, number>
}

/** An account's month whose MRR at either end is in another currency than the reporting one: both ends as paid. */
export interface RevenueForeignMonthTable {
  project_id: string
  account_id: string
  month_start: Millis
  start_paid: ColumnType<number, number, number>
  start_currency: string | null
  end_paid: ColumnType<number, number, number>
  end_currency: string
  paid_before: number
}

/** How many reporting-currency units one unit of `currency` bought in `month` ('YYYY-MM'), as decimal text. */
export interface RevenueRateTable {
  project_id: string
  currency: string
  month: string
  rate: string
  updated_at: Millis
}

/** A month's costs in minor units of the reporting currency, for unit economics. */
export interface RevenueCostTable {
  project_id: string
  month: string
  sales_and_marketing: ColumnType<number, number, number>
  customer_success: ColumnType<number, number, number>
  support: ColumnType<number, number, number>
  product_development: ColumnType<number, number, number>
  gross_margin_basis_points: number
  updated_at: Millis
}

/** The project's goal for one metric: `metric comparison target`, e.g. netRevenueRetention >= 1. */
export interface GoalTable {
  project_id: string
  metric: string
  comparison: '>=' | '>' | '<=' | '<'
  target: string
  updated_at: Millis
}

/** A section's notes in one month's report, with who wrote them last and when. */
export interface ReportNoteTable {
  project_id: string
  month: string
  section: string
  text: string
  author: string
  updated_at: Millis
}

/** A project's Stripe webhook endpoint secret (`whsec_…`), which signs every event Stripe sends it. */
export interface StripeEndpointTable {
  project_id: string
  endpoint_secret: string
  updated_at: Millis
}

/** A Stripe event already applied: a retry of it changes nothing. */
export interface StripeEventTable {
  project_id: string
  event_id: string
  received_at: Millis
}

/** The newest state applied of a Stripe subscription: an older event arriving later cannot overwrite it. */
export interface StripeSubscriptionTable {
  project_id: string
  subscription_id: string
  account_id: string
  /** Epoch seconds of the newest event applied. */
  event_created: ColumnType<number, number, number>
  same_second: number
  status: 'trial' | 'active' | 'canceled'
  mrr: ColumnType<number, number, number>
  currency: string
  ends_at: Millis | null
}

export type HealthBand = 'red' | 'yellow' | 'green'

/** An account's latest health score; `explanation` is the JSON of shared's `HealthExplanation`. */
export interface AccountHealthTable {
  project_id: string
  account_id: string
  /** 0-100, NULL when no component of the model had data for the account. */
  score: number | null
  band: HealthBand | null
  explanation: Json
  computed_at: Millis
}

/** The account's score on one day ('YYYY-MM-DD' in the project's time zone), for trends and the backtest. */
export interface AccountHealthDayTable {
  project_id: string
  account_id: string
  day: string
  score: number | null
  band: HealthBand | null
}

export type LifecycleStageName =
  | 'trial'
  | 'onboarding'
  | 'adoption'
  | 'value_realisation'
  | 'advocacy'
  | 'at_risk'
  | 'churned'

/** The stage an account is in now: decided by the project's rules, or set by hand by a CSM with a reason. */
export interface AccountStageTable {
  project_id: string
  account_id: string
  stage: LifecycleStageName
  since: Millis
  source: 'rule' | 'manual'
  reason: string | null
  /** Who set a manual stage (a user's e-mail); null for a rule. */
  set_by: string | null
}

/** Every stage an account went through; `ended_at` is null for the current one. */
export interface AccountStageHistoryTable {
  project_id: string
  account_id: string
  started_at: Millis
  stage: LifecycleStageName
  ended_at: Millis | null
  source: 'rule' | 'manual'
  reason: string | null
  set_by: string | null
}

/** A project's health model (JSON of shared's `HealthModel`); without a row, the default model. */
export interface HealthModelTable {
  project_id: string
  model: Json
  updated_at: Millis
}

/** A project's lifecycle rules (JSON of shared's `LifecycleRules`); without a row, the default rules. */
export interface LifecycleRulesTable {
  project_id: string
  rules: Json
  updated_at: Millis
}

export interface Database {
  projects: ProjectTable
  secret_keys: SecretKeyTable
  surveys: SurveyTable
  displays: DisplayTable
  responses: ResponseTable
  response_rollups: ResponseRollupTable
  response_day_rollups: ResponseDayRollupTable
  project_segments: ProjectSegmentTable
  segment_rollups: SegmentRollupTable
  segment_day_rollups: SegmentDayRollupTable
  events: EventTable
  persons: PersonTable
  person_aliases: PersonAliasTable
  anonymous_traits: AnonymousTraitsTable
  ingest_errors: IngestErrorTable
  accounts: AccountTable
  response_tags: ResponseTagTable
  taxonomy_themes: TaxonomyThemeTable
  jobs: JobTable
  cases: CaseTable
  case_events: CaseEventTable
  case_notes: CaseNoteTable
  team_members: TeamMemberTable
  webhooks: WebhookTable
  webhook_outbox: WebhookOutboxTable
  webhook_deliveries: WebhookDeliveryTable
  users: UserTable
  user_tokens: UserTokenTable
  sessions: SessionTable
  revenue_changes: RevenueChangeTable
  revenue_rates: RevenueRateTable
  revenue_month_totals: RevenueMonthTotalTable
  revenue_foreign_months: RevenueForeignMonthTable
  revenue_costs: RevenueCostTable
  goals: GoalTable
  report_notes: ReportNoteTable
  stripe_endpoints: StripeEndpointTable
  stripe_events: StripeEventTable
  stripe_subscriptions: StripeSubscriptionTable
  account_health: AccountHealthTable
  account_health_days: AccountHealthDayTable
  account_stages: AccountStageTable
  account_stage_history: AccountStageHistoryTable
  health_models: HealthModelTable
  lifecycle_rules: LifecycleRulesTable
  usage_activity: UsageActivityTable
  usage_sessions: UsageSessionTable
  usage_utc_days: UsageUtcDayTable
  usage_session_hours: UsageSessionHourTable
  usage_months: UsageMonthTable
  usage_account_session_days: UsageAccountSessionDayTable
  usage_watermarks: UsageWatermarkTable
  usage_day_gaps: UsageDayGapTable
  usage_zone_days: UsageZoneDayTable
  usage_zone_gaps: UsageZoneGapTable
  usage_zones: UsageZoneTable
  features: FeatureTable
  feature_usage: FeatureUsageTable
}
