import { rowCountTexts, valueRows } from '../../db/row-count-texts'
import { query, type SqlWork } from '../../db/work'
import type { ActivityCell } from './zone'

// `usage_months` holds usage_activity again, one row per person, account and UTC month instead of per day:
// a split or a segment must follow every person's days, and reading a year of day rows (1.3M at 11.5M
// events) took seconds by itself, where a month row carries the same hours in one text column. A month's
// text lists its active days in order, 8 hex digits each: the day's index in the month (00 for the 1st)
// and its 24-bit hour mask. Only active days are written: a person active 10 days of a month takes 80
// characters where every day's field would take 192, and the reads move fewer of them.

/** Hex digits per active day in a month's text: 2 for the day, 6 for its hours. */
export const DAY_FIELD = 8

/** The UTC month (months since January 1970) of an epoch day. */
export function monthOfDay(day: number): number {
  const date = new Date(day * 86_400_000)
  return (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth()
}

/** The epoch day of a month's 1st. */
export const firstDayOfMonth = (month: number) =>
  Date.UTC(1970 + Math.floor(month / 12), month % 12, 1) / 86_400_000

/** The number written by the hex digits [from, to) of a text (read digit by digit: no substrings). */
export function hexAt(text: string, from: number, to: number): number {
  let value = 0
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at)
    // '0'-'9' are 48-57, 'a'-'f' 97-102 (Number.toString(16) writes lower case).
    value = value * 16 + (code <= 57 ? code - 48 : code - 87)
  }
  return value
}

/** The day index of the active day at `at` (a multiple of DAY_FIELD) in a month's text. */
export const dayIndexAt = (text: string, at: number) => hexAt(text, at, at + 2)

/** The hour mask of the active day at `at` in a month's text. */
export const hoursAt = (text: string, at: number) => hexAt(text, at + 2, at + DAY_FIELD)

/** A month's text with the hour mask of day `index` (0 for the 1st) set, in day order. */
function withHours(text: string, index: number, hours: number): string {
  const field = index.toString(16).padStart(2, '0') + hours.toString(16).padStart(6, '0')
  let at = 0
  while (at < text.length && dayIndexAt(text, at) < index) at += DAY_FIELD
  const replaces = at < text.length && dayIndexAt(text, at) === index
  return text.slice(0, at) + field + text.slice(replaces ? at + DAY_FIELD : at)
}

/** A month row of activity cells: one person's (or no person's) days with one account in a UTC month. */
export interface MonthRow {
  month: number
  person: string
  account: string
  text: string
}

/** The cells grouped by month row, each group's days written into `base`'s text for it, or into zeros. */
export function monthRowsOf(
  cells: Iterable<ActivityCell>,
  base: ReadonlyMap<string, string> = new Map(),
): Map<string, MonthRow> {
  const months = new Map<string, MonthRow>()
  for (const { day, person, account, hours } of cells) {
    const month = monthOfDay(day)
    const key = monthKey(month, person, account)
    const entry = months.get(key) ?? { month, person, account, text: base.get(key) ?? '' }
    entry.text = withHours(entry.text, day - firstDayOfMonth(month), hours)
    months.set(key, entry)
  }
  return months
}

const monthKey = (month: number, person: string, account: string) => `${month}\u0000${person}\u0000${account}`

/** Rows a statement reads or writes at most: 500 keys of 4 or 5 parameters stay below every limit. */
const CHUNK = 500

const textOf = rowCountTexts()

const readMonths = (count: number) =>
  textOf(
    'read',
    count,
    () => `SELECT m.month, m.person_id, m.account_id, m.hours FROM (VALUES ${valueRows(count, '(CAST(? AS BIGINT), ?, ?)')}) r
JOIN usage_months m ON m.project_id = ? AND m.month = r.column1 AND m.person_id = r.column2 AND m.account_id = r.column3`,
  )

const writeMonths = (count: number) =>
  textOf(
    'write',
    count,
    () => `INSERT INTO usage_months (project_id, month, person_id, account_id, hours) VALUES ${valueRows(count, '(?, ?, ?, ?, ?)')}
ON CONFLICT (project_id, month, person_id, account_id) DO UPDATE SET hours = excluded.hours`,
  )

/**
 * Writes the whole hour masks of activity rows that changed (as usage_activity now holds them) into their
 * month rows. Runs in the transaction that changed them, behind the usage catch-up's watermark lock, so no
 * other writer reads the same month rows in between.
 */
export function* addToMonths(projectId: string, changed: readonly ActivityCell[]): SqlWork<void> {
  const byKey = new Map<string, ActivityCell[]>()
  for (const cell of changed) {
    const key = monthKey(monthOfDay(cell.day), cell.person, cell.account)
    const list = byKey.get(key)
    if (list === undefined) byKey.set(key, [cell])
    else list.push(cell)
  }
  const keys = [...byKey.values()]
  for (let from = 0; from < keys.length; from += CHUNK) {
    const chunk = keys.slice(from, from + CHUNK)
    const { rows } = yield* query<{
      month: number | string
      person_id: string
      account_id: string
      hours: string
    }>(readMonths(chunk.length), [
      ...chunk.flatMap(([cell]) => [monthOfDay(cell!.day), cell!.person, cell!.account]),
      projectId,
    ])
    const stored = new Map(
      rows.map((row) => [monthKey(Number(row.month), row.person_id, row.account_id), row.hours]),
    )
    const written = [...monthRowsOf(chunk.flat(), stored).values()]
    yield* query(
      writeMonths(written.length),
      written.flatMap(({ month, person, account, text }) => [projectId, month, person, account, text]),
    )
  }
}
