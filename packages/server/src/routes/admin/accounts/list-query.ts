import { LIFECYCLE_STAGES } from '@heed/shared/lifecycle/stages'
import { ZTimestamp } from '@heed/shared/schemas/timestamp'
import { z } from 'zod'
import type { HealthBand } from '../../../db/schema'
import { pageParameters } from '../../../http/pagination'
import { ACCOUNT_SORTS, type AccountFilter, type AccountSort } from '../../../store/accounts/list'
import { ZTeamEmail } from '../team'

export const ACCOUNTS_LISTING = 'accounts'
const HEALTH_BANDS = ['red', 'yellow', 'green'] as const satisfies HealthBand[]
/** `owner=none` lists the accounts nobody owns. */
const UNOWNED = 'none'
/** The largest MRR a filter takes: far above any real account, inside the safe integers. */
const MAX_MINOR_UNITS = 1_000_000_000_000

const ZInstant = ZTimestamp.transform((text) => Date.parse(text))

/** A repeatable parameter whose values may also be comma lists: `band=red,yellow` or twice. */
function listOf<const T extends readonly [string, ...string[]]>(words: T) {
  const allowed = new Set<string>(words)
  return z.array(z.string()).transform((values, ctx) => {
    const chosen = new Set<T[number]>()
    for (const word of values.flatMap((value) => value.split(','))) {
      if (!allowed.has(word)) {
        ctx.addIssue({ code: 'custom', input: word, message: `must be ${words.join(', ')}, not '${word}'` })
        return z.NEVER
      }
      chosen.add(word as T[number])
    }
    return [...chosen]
  })
}

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?[0-9]+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.int().min(min).max(max))

const { limit, cursor: _listingCursor } = pageParameters(ACCOUNTS_LISTING)

/**
 * The accounts list's query: filters, the sort and its direction, the NPS window, and paging. The cursor is
 * read once the sort is known (see cursorOf): a cursor names the sort it was given out for.
 */
export const ZAccountListQuery = z
  .strictObject({
    band: listOf(HEALTH_BANDS).optional(),
    stage: listOf(LIFECYCLE_STAGES).optional(),
    owner: z.union([z.literal(UNOWNED), ZTeamEmail]).optional(),
    healthMin: wholeNumber(0, 100).optional(),
    healthMax: wholeNumber(0, 100).optional(),
    mrrMin: wholeNumber(0, MAX_MINOR_UNITS).optional(),
    mrrMax: wholeNumber(0, MAX_MINOR_UNITS).optional(),
    npsMin: wholeNumber(-100, 100).optional(),
    npsMax: wholeNumber(-100, 100).optional(),
    activeFrom: ZInstant.optional(),
    activeTo: ZInstant.optional(),
    npsFrom: ZInstant.optional(),
    npsTo: ZInstant.optional(),
    sort: z.enum(ACCOUNT_SORTS).default('lastActivity'),
    order: z.enum(['asc', 'desc']).default('desc'),
    limit,
    cursor: z.string().optional(),
  })
  .refine((q) => q.npsFrom === undefined || q.npsTo === undefined || q.npsTo > q.npsFrom, {
    path: ['npsTo'],
    error: 'must be later than npsFrom',
  })
  .refine((q) => q.activeFrom === undefined || q.activeTo === undefined || q.activeTo > q.activeFrom, {
    path: ['activeTo'],
    error: 'must be later than activeFrom',
  })

export type AccountListQuery = z.output<typeof ZAccountListQuery>

/** The listing name a cursor carries: one per sort and direction, so a cursor never crosses orders. */
export const listingOf = (sort: AccountSort, order: 'asc' | 'desc') => `${ACCOUNTS_LISTING}:${sort}:${order}`

/** The query's store filter. */
export function accountFilterOf(query: AccountListQuery): AccountFilter {
  return {
    bands: query.band,
    stages: query.stage,
    ...(query.owner !== undefined && { owner: query.owner === UNOWNED ? null : query.owner }),
    healthMin: query.healthMin,
    healthMax: query.healthMax,
    mrrMin: query.mrrMin,
    mrrMax: query.mrrMax,
    npsMin: query.npsMin,
    npsMax: query.npsMax,
    activeFrom: query.activeFrom,
    activeTo: query.activeTo,
  }
}
