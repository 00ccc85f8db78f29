import { z } from 'zod'
import { LIMITS } from './limits'

type Path = (string | number)[]

function tooManyKeys(input: object, maximum: number, path: Path = []): z.core.$ZodRawIssue {
  return {
    code: 'too_big',
    origin: 'object',
    maximum,
    inclusive: true,
    input,
    path,
    message: `must have at most ${maximum} keys`,
  }
}

/** A trait value: flat, so every trait can be a segment in a breakdown and a condition in an audience. */
export const ZTraitValue = z.union([z.string().max(LIMITS.traitString), z.number(), z.boolean(), z.null()])
export type TTraitValue = z.infer<typeof ZTraitValue>

/**
 * Traits of a person or an account (plan, role, country, seats…): a flat map of at most 50 names to
 * scalars. `null` says the trait is known to be unset, which differs from not sending it.
 */
export const ZTraits = z
  .record(z.string().min(1).max(LIMITS.traitKey), ZTraitValue)
  .superRefine((traits, ctx) => {
    if (Object.keys(traits).length > LIMITS.traitKeys) ctx.addIssue(tooManyKeys(traits, LIMITS.traitKeys))
  })
export type TTraits = z.infer<typeof ZTraits>

export type TJsonScalar = string | number | boolean | null
export type TJsonValue = TJsonScalar | TJsonValue[] | { [key: string]: TJsonValue }
/** Properties of an event: any JSON object within the limits of ZProperties. */
export type TProperties = { [key: string]: TJsonValue }

/** An object such as JSON.parse makes: its prototype is Object.prototype, or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/** Length of `text` encoded as UTF-8, without TextEncoder (not in every runtime's type library). */
function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0x80) bytes += 1
    else if (unit < 0x800) bytes += 2
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

/** Checks one object at `depth` (the outer properties object is 1); reports issues and says whether it passed. */
function checkObject(
  object: Record<string, unknown>,
  path: Path,
  depth: number,
  ctx: z.RefinementCtx,
): boolean {
  const keys = Object.keys(object)
  if (keys.length > LIMITS.properties) {
    ctx.addIssue(tooManyKeys(object, LIMITS.properties, path))
    return false
  }
  let ok = true
  for (const key of keys) {
    if (key.length === 0 || key.length > LIMITS.propertyKey) {
      ctx.addIssue({
        code: 'custom',
        input: key,
        path: [...path, key],
        message: `key must be 1 to ${LIMITS.propertyKey} characters`,
      })
      ok = false
    } else {
      ok = checkValue(object[key], [...path, key], depth, ctx) && ok
    }
  }
  return ok
}

function checkValue(value: unknown, path: Path, depth: number, ctx: z.RefinementCtx): boolean {
  if (typeof value === 'string') {
    if (value.length <= LIMITS.propertyString) return true
    ctx.addIssue({
      code: 'too_big',
      origin: 'string',
      maximum: LIMITS.propertyString,
      inclusive: true,
      input: value,
      path,
      message: `must be at most ${LIMITS.propertyString} characters`,
    })
    return false
  }
  if (typeof value === 'boolean' || value === null || (typeof value === 'number' && Number.isFinite(value))) {
    return true
  }
  const isArray = Array.isArray(value)
  if (!isArray && !isPlainObject(value)) {
    ctx.addIssue({
      code: 'custom',
      input: value,
      path,
      message: 'must be a string, a finite number, true, false, null, an array or an object',
    })
    return false
  }
  if (depth >= LIMITS.propertyDepth) {
    ctx.addIssue({
      code: 'custom',
      input: value,
      path,
      message: `must not nest objects and arrays more than ${LIMITS.propertyDepth} levels deep`,
    })
    return false
  }
  if (!isArray) return checkObject(value, path, depth + 1, ctx)
  if (value.length > LIMITS.propertyArray) {
    ctx.addIssue({
      code: 'too_big',
      origin: 'array',
      maximum: LIMITS.propertyArray,
      inclusive: true,
      input: value,
      path,
      message: `must have at most ${LIMITS.propertyArray} items`,
    })
    return false
  }
  let ok = true
  for (let i = 0; i < value.length; i++) ok = checkValue(value[i], [...path, i], depth + 1, ctx) && ok
  return ok
}

/**
 * Properties of an event: a JSON object whose objects and arrays nest at most 3 levels deep (the outer
 * object counts), with at most 100 keys per object, 50 items per array, 1000 characters per string, and
 * 8 KB as JSON. Checked by a walk that stops at the depth limit rather than by a recursive schema, so a
 * deeply nested body costs no more than a flat one and cannot exhaust the stack.
 */
export const ZProperties = z.custom<TProperties>().superRefine((value, ctx) => {
  if (!isPlainObject(value)) {
    ctx.addIssue({ code: 'invalid_type', expected: 'object', input: value, message: 'must be an object' })
    return
  }
  if (!checkObject(value, [], 1, ctx)) return
  const bytes = utf8Length(JSON.stringify(value))
  if (bytes > LIMITS.propertyBytes) {
    ctx.addIssue({
      code: 'custom',
      input: value,
      message: `must be at most ${LIMITS.propertyBytes} bytes as JSON (8 KB), got ${bytes}`,
    })
  }
})
