import { z } from 'zod'
import { LIMITS } from './limits'

const ZConditionScalar = z.union([z.string().max(LIMITS.traitString), z.number(), z.boolean()])

/**
 * A test on one value, as a union on `op` so that each operator carries the value it needs and TypeScript
 * narrows it: nothing for exists/notExists, a scalar for eq/neq, 1..50 scalars for in/notIn, a number for
 * gt/gte/lt/lte (true only when the tested value is a number too), and text for contains (true when the
 * tested value is text that includes it). A test on a missing value is false except for notExists.
 */
function withTest<Subject extends z.core.$ZodLooseShape>(subject: Subject) {
  return z.discriminatedUnion('op', [
    z.strictObject({ ...subject, op: z.enum(['exists', 'notExists']) }),
    z.strictObject({ ...subject, op: z.enum(['eq', 'neq']), value: ZConditionScalar }),
    z.strictObject({
      ...subject,
      op: z.enum(['in', 'notIn']),
      value: z.array(ZConditionScalar).min(1).max(LIMITS.conditionValues),
    }),
    z.strictObject({ ...subject, op: z.enum(['gt', 'gte', 'lt', 'lte']), value: z.number() }),
    z.strictObject({
      ...subject,
      op: z.literal('contains'),
      value: z.string().min(1).max(LIMITS.traitString),
    }),
  ])
}

/** A condition on a top-level property of an event, e.g. `{ property: 'plan', op: 'eq', value: 'pro' }`. */
export const ZPropertyCondition = withTest({ property: z.string().min(1).max(LIMITS.propertyKey) })
export type TPropertyCondition = z.infer<typeof ZPropertyCondition>

/** A condition on a trait of the person or of their account, e.g. `{ source: 'account', trait: 'seats', op: 'gte', value: 10 }`. */
export const ZTraitCondition = withTest({
  source: z.enum(['person', 'account']),
  trait: z.string().min(1).max(LIMITS.traitKey),
})
export type TTraitCondition = z.infer<typeof ZTraitCondition>

/** Every operator a condition may use. */
export type TConditionOp = TTraitCondition['op']
