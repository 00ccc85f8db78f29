import type { Period } from '@heed/shared/periods/period'
import type { DialectName } from '../../db/dialect'
import type { HeedDatabase } from '../../db/open'
import { NO_VALUE_KEY, segmentValueKey } from '../segments/rollups'
import { traitTextSql } from '../segments/trait-sql'
import { LONG_GAP } from './day-gaps'
import { bucketMap } from './day-map'
import { DAY_FIELD, dayIndexAt, firstDayOfMonth, hoursAt, monthOfDay } from './months'
import { readRows } from './read'
import { scopeSql, type UsageScope } from './scope'

/** Actors active on a day (its index in the range) `gap` days after their previous active day, counted. */
export interface GapRow {
  day: number
  /** Days back to the actor's previous active day, capped at LONG_GAP; 0 when the range holds none before. */
  gap: number
  n: number
}

/** What one kind of actor did over the range, per split key ('' without a split). */
export interface KeyedActivity {
  gaps: Map<string, GapRow[]>
  /** Distinct actors active in each period. */
  active: Map<string, number[]>
  /** Distinct actors active over the whole range. */
  total: Map<string, number>
}

/**
 * People's and accounts' gap rows over local days, and their distinct counts per period, for a segment, a
 * split or a zone without its own rollups, from the month rows (months.ts) rather than a year of day rows.
 * A person counts under the split value of the account each row was active with, so one who moved between
 * two accounts of the same plan is one person of that plan; an hour belongs to the local day its start falls
 * in (docs/metrics.md).
 */
export async function activityFromMonths(
  database: HeedDatabase,
  query: { projectId: string; scope: UsageScope; splitBy?: string },
  days: readonly Pick<Period, 'start' | 'end'>[],
  periodOfDay: readonly number[],
  periodCount: number,
): Promise<{ people: KeyedActivity; accounts: KeyedActivity }> {
  const keys = accountKeys(database, query.projectId, query.splitBy)
  // The local days each UTC day's hours fall in: (mask, day index) pairs by UTC day.
  const map = bucketMap(days)
  const firstUtc = Math.min(...map.map(([day]) => day))
  const lastUtc = Math.max(...map.map(([day]) => day))
  const byUtcDay: Array<Array<[number, number]>> = Array.from({ length: lastUtc - firstUtc + 1 }, () => [])
  for (const [day, mask, bucket] of map) byUtcDay[day - firstUtc]!.push([mask, bucket])
  // The first day of each period, for counting an actor once per period.
  const periodStart = new Array<number>(periodCount).fill(-1)
  periodOfDay.forEach((period, day) => {
    if (period >= 0 && periodStart[period] === -1) periodStart[period] = day
  })
  const people = tally(days.length, periodOfDay, periodStart, periodCount)
  const accounts = tally(days.length, periodOfDay, periodStart, periodCount)
  // One account's rows by its index; a segment's by joining its accounts, so only theirs leave the database.
  const scope = scopeSql(database.dialect as DialectName, 'm', query.scope, undefined)
  // A month's rows come as one JSON array of [person, account, hours]: a reader thread hands one string over
  // faster than thousands of row objects (a year of 119,000 rows on SQLite: 0.26 s with the parse, where
  // making the objects alone took 0.33 s before they were copied across).
  const aggregate =
    database.dialect === 'postgres'
      ? 'json_agg(json_build_array(m.person_id, m.account_id, m.hours) ORDER BY m.person_id, m.account_id)::text'
      : 'json_group_array(json_array(m.person_id, m.account_id, m.hours) ORDER BY m.person_id, m.account_id)'
  const read = async (month: number): Promise<Array<[string, string, string]>> => {
    const [row] = await readRows<{ j: string | null }>(
      database,
      `SELECT ${aggregate} AS j FROM usage_months m${scope.join}
WHERE m.project_id = ? AND m.month = ?${scope.where}`,
      [query.projectId, month, ...scope.parameters.where],
    )
    return row?.j == null ? [] : JSON.parse(row.j)
  }
  const lastMonth = monthOfDay(lastUtc)
  // The next month is read while this one is counted.
  let next = read(monthOfDay(firstUtc))
  const keyOf = await keys
  for (let month = monthOfDay(firstUtc); month <= lastMonth; month++) {
    const rows = await next
    if (month < lastMonth) next = read(month + 1)
    const first = firstDayOfMonth(month)
    // The month's UTC days' (mask, local day) pairs, and its first local day: a row's local days are bits
    // from there, two words of WORD bits holding the 32 or 33 local days a UTC month's hours can reach.
    const entries = Array.from({ length: 31 }, (_, index) => byUtcDay[first + index - firstUtc])
    const base = Math.min(...entries.flatMap((pairs) => (pairs ?? []).map(([, bucket]) => bucket)))
    if (base === Number.POSITIVE_INFINITY) continue
    // A person's rows are consecutive: their days per key are gathered, then counted when the next person's
    // row comes. An account's rows are spread over its people: they are gathered for the whole month.
    let person = ''
    let personMarks = new Map<string, Marks>()
    const accountMarks = new Map<string, Marks & { key: string }>()
    for (const [personId, accountId, hours] of rows) {
      const key = keyOf(accountId)
      const [low, high] = localDaysOf(hours, entries, base)
      if (low === 0 && high === 0) continue
      if (personId !== '') {
        if (personId !== person) {
          for (const [personKey, marks] of personMarks)
            people.count(personKey, actorId(personKey, person), base, marks)
          person = personId
          personMarks = new Map()
        }
        const marks = personMarks.get(key)
        if (marks === undefined) personMarks.set(key, { low, high })
        else {
          marks.low |= low
          marks.high |= high
        }
      }
      if (accountId !== '') {
        const id = actorId(key, accountId)
        const marks = accountMarks.get(id)
        if (marks === undefined) accountMarks.set(id, { key, low, high })
        else {
          marks.low |= low
          marks.high |= high
        }
      }
    }
    for (const [personKey, marks] of personMarks)
      people.count(personKey, actorId(personKey, person), base, marks)
    for (const [id, marks] of accountMarks) accounts.count(marks.key, id, base, marks)
  }
  return { people: people.result(), accounts: accounts.result() }
}

/** Bits of local days from a month's first: WORD in `low`, the rest in `high`. */
interface Marks {
  low: number
  high: number
}

const WORD = 30

/** The local days, as bits from `base`, that a month text's hours fall in. */
function localDaysOf(
  text: string,
  entries: ReadonlyArray<ReadonlyArray<[number, number]> | undefined>,
  base: number,
): [number, number] {
  let low = 0
  let high = 0
  for (let at = 0; at < text.length; at += DAY_FIELD) {
    const pairs = entries[dayIndexAt(text, at)]
    if (pairs === undefined) continue
    const hours = hoursAt(text, at)
    for (const [mask, bucket] of pairs) {
      if ((hours & mask) === 0) continue
      const bit = bucket - base
      if (bit < WORD) low |= 1 << bit
      else high |= 1 << (bit - WORD)
    }
  }
  return [low, high]
}

/**
 * The split key of an account's rows: accounts are read with their traits as they are now. Rows without an
 * account, or with one not (yet) in accounts, have no trait: ''. Without a split every row is keyed ''.
 */
async function accountKeys(
  database: HeedDatabase,
  projectId: string,
  splitBy: string | undefined,
): Promise<(account: string) => string> {
  if (splitBy === undefined) return () => NO_VALUE_KEY
  const split = traitTextSql(database.dialect as DialectName, splitBy)
  const rows = await readRows<{ id: string; k: string | null }>(
    database,
    `SELECT id, ${split.text} AS k FROM accounts WHERE project_id = ?`,
    [...split.parameters, projectId],
  )
  const keys = new Map(rows.map((row) => [row.id, segmentValueKey(row.k)]))
  return (account) => keys.get(account) ?? NO_VALUE_KEY
}

const SEP = '\u0000'

/** An actor under a split key, as the tally keys it. */
const actorId = (key: string, actor: string) => `${key}${SEP}${actor}`

/** Gap slots per day: gaps 0..LONG_GAP. */
const GAP_SLOTS = LONG_GAP + 1

/**
 * Gap rows and distinct counts per period, from actors' active days given a month of UTC days at a time and
 * in order: a local day may take hours from the last UTC day of one month and the first of the next, and is
 * then given twice, once from each.
 */
function tally(
  dayCount: number,
  periodOfDay: readonly number[],
  periodStart: readonly number[],
  periodCount: number,
) {
  /** Each actor's last active day so far, by actorId. */
  const last = new Map<string, number>()
  /** Per key, how many actors were active on each day after each gap: day * GAP_SLOTS + gap. */
  const gaps = new Map<string, Float64Array>()
  const active = new Map<string, number[]>()
  const total = new Map<string, number>()
  return {
    /** Counts an actor's local days of a month, given as bits from `base`. */
    count(key: string, id: string, base: number, marks: Marks) {
      let counts = gaps.get(key)
      if (counts === undefined) {
        counts = new Float64Array(dayCount * GAP_SLOTS)
        gaps.set(key, counts)
      }
      let perPeriod = active.get(key)
      if (perPeriod === undefined) {
        perPeriod = new Array<number>(periodCount).fill(0)
        active.set(key, perPeriod)
      }
      let previous = last.get(id)
      if (previous === undefined && (marks.low !== 0 || marks.high !== 0))
        total.set(key, (total.get(key) ?? 0) + 1)
      for (const [word, offset] of [
        [marks.low, base],
        [marks.high, base + WORD],
      ] as const) {
        for (let bits = word; bits !== 0; bits &= bits - 1) {
          const day = offset + 31 - Math.clz32(bits & -bits)
          if (previous !== undefined && day <= previous) continue
          const gap = previous === undefined ? 0 : Math.min(LONG_GAP, day - previous)
          counts[day * GAP_SLOTS + gap]! += 1
          const period = periodOfDay[day] ?? -1
          if (period >= 0 && (previous === undefined || previous < periodStart[period]!))
            perPeriod[period]! += 1
          previous = day
        }
      }
      if (previous !== undefined) last.set(id, previous)
    },
    result(): KeyedActivity {
      const rows = new Map<string, GapRow[]>()
      for (const [key, counts] of gaps) {
        const list: GapRow[] = []
        counts.forEach((n, slot) => {
          if (n !== 0) list.push({ day: Math.floor(slot / GAP_SLOTS), gap: slot % GAP_SLOTS, n })
        })
        rows.set(key, list)
      }
      return { gaps: rows, active, total }
    },
  }
}
