import { z } from 'zod'

/** A feature's key: what the API and the rollups name it by. */
export const FEATURE_KEY = /^[a-z0-9][a-z0-9_.-]{0,63}$/
export const MAX_FEATURES = 200
const MAX_RULES = 50

/**
 * A page rule: `prefix` matches a path that starts with it; `pattern` matches the whole path, where `*`
 * stands for any characters but '/' (one path segment or part of one) and `**` for any characters at all.
 */
export const ZPageRule = z.union([
  z.strictObject({ prefix: z.string().startsWith('/').max(500) }),
  z.strictObject({ pattern: z.string().startsWith('/').max(500) }),
])
export type TPageRule = z.infer<typeof ZPageRule>

/**
 * One feature: used by a person when they send a `track` event named in `events`, or a `page` event whose
 * path a rule of `pages` matches. `plans` lists the values of the account trait `plan` that include it;
 * absent, every plan does.
 */
export const ZFeature = z
  .strictObject({
    key: z.string().regex(FEATURE_KEY, 'must be 1-64 lower-case letters, digits, "_", "." or "-"'),
    label: z.string().trim().min(1).max(200),
    events: z.array(z.string().min(1).max(200)).max(MAX_RULES).default([]),
    pages: z.array(ZPageRule).max(MAX_RULES).default([]),
    plans: z.array(z.string().min(1).max(200)).max(MAX_RULES).optional(),
  })
  .refine((feature) => feature.events.length + feature.pages.length > 0, {
    path: ['events'],
    message: 'give at least one event name or page rule that means the feature was used',
  })
export type TFeature = z.infer<typeof ZFeature>

/** A whole catalogue, keys unique. */
export const ZFeatureCatalogue = z
  .array(ZFeature)
  .max(MAX_FEATURES)
  .superRefine((features, ctx) => {
    const seen = new Set<string>()
    features.forEach((feature, index) => {
      if (seen.has(feature.key))
        ctx.addIssue({ code: 'custom', path: [index, 'key'], message: `${feature.key} is listed twice` })
      seen.add(feature.key)
    })
  })

const escapeRegExp = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&')

function patternRegExp(pattern: string): RegExp {
  const body = pattern
    .split('**')
    .map((part) => part.split('*').map(escapeRegExp).join('[^/]*'))
    .join('.*')
  return new RegExp(`^${body}$`)
}

/** What an event is matched on: its type, its name, and for a page its path (without query or fragment). */
export interface FeatureEvent {
  type: string
  name: string
  path: string | null
}

/** A catalogue compiled once per batch of events: which features each event means. */
export interface FeatureMatcher {
  featuresOf(event: FeatureEvent): string[]
}

export function featureMatcher(
  features: readonly Pick<TFeature, 'key' | 'events' | 'pages'>[],
): FeatureMatcher {
  const byEvent = new Map<string, string[]>()
  const pageRules: Array<{ key: string; test: (path: string) => boolean }> = []
  for (const feature of features) {
    for (const name of feature.events) byEvent.set(name, [...(byEvent.get(name) ?? []), feature.key])
    for (const rule of feature.pages) {
      if ('prefix' in rule) pageRules.push({ key: feature.key, test: (path) => path.startsWith(rule.prefix) })
      else {
        const regExp = patternRegExp(rule.pattern)
        pageRules.push({ key: feature.key, test: (path) => regExp.test(path) })
      }
    }
  }
  return {
    featuresOf({ type, name, path }) {
      if (type === 'track') return byEvent.get(name) ?? []
      if (type !== 'page' || path === null) return []
      const keys = new Set<string>()
      for (const rule of pageRules) if (rule.test(path)) keys.add(rule.key)
      return [...keys]
    },
  }
}

const URL_PATH = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i

/** The path of a page event: the sender's `context.page.path`, else the path of its absolute URL ('/' when empty). */
export function pagePathOf(pagePath: string | null, url: string | null): string | null {
  if (pagePath !== null) return pagePath
  const match = url === null ? null : URL_PATH.exec(url)
  if (match === null) return null
  return match[1] === '' ? '/' : (match[1] ?? '/')
}
