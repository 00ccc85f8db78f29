import type { TConditionOp } from '@heed/shared/schemas/conditions'

/**
 * Any condition (on an event property or a trait), as the test below reads it. Loosely typed on purpose:
 * the server's schema gave each op the value it needs.
 */
type Condition = { op: TConditionOp; value?: unknown }

/**
 * Whether `actual` (a trait or event property, undefined when absent) passes the condition's test. As the
 * schema says: a missing value (undefined, or null meaning "known to be unset") fails every test but
 * notExists; eq/neq/in/notIn compare strictly ('10' is not 10); gt/gte/lt/lte and contains need a value
 * of their own type (a number, a text).
 */
export const passes = (actual: unknown, { op, value }: Condition): boolean =>
  actual == null
    ? op === 'notExists'
    : op === 'eq'
      ? actual === value
      : op === 'neq'
        ? actual !== value
        : op === 'in'
          ? (value as unknown[]).includes(actual)
          : op === 'notIn'
            ? !(value as unknown[]).includes(actual)
            : op === 'exists' ||
              // notExists on a present value ends here too: its missing value never shares the type.
              (typeof actual === typeof value &&
                (op === 'contains'
                  ? (actual as string).includes(value as string)
                  : op === 'gt'
                    ? (actual as number) > (value as number)
                    : op === 'gte'
                      ? (actual as number) >= (value as number)
                      : op === 'lt'
                        ? (actual as number) < (value as number)
                        : op === 'lte' && (actual as number) <= (value as number)))
