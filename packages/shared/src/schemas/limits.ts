/**
 * Upper bounds on everything that crosses an edge (HTTP bodies, the admin API, survey definitions). Every
 * string, list and map has one so a single request cannot make the server or a customer's browser do
 * unbounded work or store unbounded data. Lengths count UTF-16 code units, as `String.length` does.
 * Zod-free so the widget can use them too (e.g. a textarea's maxLength).
 */
export const LIMITS = {
  /** Client-generated ids: long enough for UUIDs (36) and nanoids (21). */
  id: 64,
  /** Shortest client-generated id: shorter ones collide too easily to deduplicate on. */
  idMin: 8,
  /** Survey and event names, person and account ids. */
  name: 200,
  /** A survey question, follow-up question or thank-you text, per locale. */
  questionText: 500,
  /** The words under the ends of the scale ("Not likely", "Very likely"), per locale. */
  scaleLabel: 100,
  /** A respondent's free-text comment. */
  comment: 5000,
  /** Locales one text may be translated into. */
  locales: 50,
  /** A locale tag: RFC 5646 recommends supporting at least 35 characters. */
  locale: 35,
  /** Traits in one person's or account's snapshot. */
  traitKeys: 50,
  /** A trait name. */
  traitKey: 100,
  /** A string trait value, and a string compared against a trait or property in a condition. */
  traitString: 1000,
  /** Keys in each object of event properties. */
  properties: 100,
  /** A property name. */
  propertyKey: 100,
  /** Objects and arrays nested inside one another in event properties, the outer object included. */
  propertyDepth: 3,
  /** Items in an array of event properties. */
  propertyArray: 50,
  /** A string in event properties. */
  propertyString: 1000,
  /** Event properties serialized as JSON, in UTF-8 bytes. */
  propertyBytes: 8 * 1024,
  /** Events in one ingest batch. */
  eventBatch: 100,
  /** A page URL, the longest most browsers and proxies handle reliably. */
  url: 2048,
  /** Triggers of one survey. */
  triggers: 10,
  /** Property conditions of one event trigger. */
  eventConditions: 10,
  /** Trait conditions of one survey's audience. */
  audience: 20,
  /** Values of an `in` / `notIn` condition. */
  conditionValues: 50,
  /** Longest wait after a trigger before the survey shows: an hour. */
  delaySeconds: 3600,
  /** Most times one survey may be shown to one person. */
  displayLimit: 100,
  /** Longest wait before asking a person again: ten years. */
  recurEveryDays: 3650,
} as const
