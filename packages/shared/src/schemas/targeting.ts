import { z } from 'zod'
import { ZPropertyCondition, ZTraitCondition } from './conditions'
import { LIMITS } from './limits'

/**
 * A test on the page's full URL (location.href). 'glob' lets '*' stand for any run of characters
 * ('https://app.example.com/projects/*'). There are deliberately no regular expressions: the pattern runs
 * in every visitor's browser, where one catastrophic pattern (ReDoS) would freeze customers' pages.
 */
export const ZUrlRule = z.strictObject({
  op: z.enum(['equals', 'startsWith', 'contains', 'glob']),
  value: z.string().min(1).max(LIMITS.url),
})
export type TUrlRule = z.infer<typeof ZUrlRule>

/**
 * What makes a survey eligible to show: a page view (on any page, or on pages matching `url`), or a tracked
 * event with this name whose properties meet every condition in `where`.
 */
export const ZTrigger = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('pageview'), url: ZUrlRule.optional() }),
  z.strictObject({
    type: z.literal('event'),
    name: z.string().min(1).max(LIMITS.name),
    where: z.array(ZPropertyCondition).max(LIMITS.eventConditions).optional(),
  }),
])
export type TTrigger = z.infer<typeof ZTrigger>

/**
 * When and to whom a survey shows, all decided in the browser. Any trigger may fire it; it then waits
 * `delaySeconds` and shows if the person meets every audience condition, falls in the sample, has seen it
 * fewer than `displayLimit` times, and has not responded within `recurEveryDays` (null: once answered,
 * never ask again).
 */
export const ZTargeting = z.strictObject({
  triggers: z.array(ZTrigger).min(1).max(LIMITS.triggers),
  delaySeconds: z.int().min(0).max(LIMITS.delaySeconds).default(0),
  audience: z.array(ZTraitCondition).max(LIMITS.audience).default([]),
  /** Share of eligible people who are asked, decided by a stable hash of the person so it never flips. */
  samplePercent: z.number().min(0).max(100).default(100),
  displayLimit: z.int().min(1).max(LIMITS.displayLimit).default(1),
  recurEveryDays: z.int().min(1).max(LIMITS.recurEveryDays).nullable().default(null),
})
export type TTargeting = z.infer<typeof ZTargeting>
