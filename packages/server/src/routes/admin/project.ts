import { isValidTimeZone } from '@heed/shared/periods/time-zone'
import { LIMITS } from '@heed/shared/schemas/limits'
import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { conflictOn, notFound } from '../../errors'
import { limitBody } from '../../http/body-limit'
import { readBody } from '../../http/read-body'
import { signalJobStarted } from '../../jobs/job-signal'
import {
  createSecretKey,
  listSecretKeys,
  type ProjectRecord,
  revokeSecretKeyUnlessLast,
  rotatePublicKey,
  type SecretKeyRecord,
  updateProject,
} from '../../store/projects'
import { declareSegments, listSegments, MAX_SEGMENTS, type SegmentRecord } from '../../store/segments/declare'
import { TRAIT_NAME } from '../../store/segments/trait-sql'

export interface AdminProjectOptions {
  database: HeedDatabase
  now: () => number
}

/** Settings and key labels are small; 50 origins of a few hundred characters fit many times over. */
const MAX_BODY_BYTES = 64 * 1024

const limitedBody = limitBody(MAX_BODY_BYTES)

const MAX_ALLOWED_ORIGINS = 50
const MAX_RECONTACT_DAYS = 365
/** A month: a follow-up promised later than that is no follow-up. */
const MAX_FOLLOW_UP_SLA_HOURS = 720
/** Longer than any origin worth allowing (a host name is at most 253 characters). */
const MAX_ORIGIN_LENGTH = 300

const ORIGIN_SHAPE = /^(https?):\/\/(\*\.)?([^/?#@:[\]\s]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?\/?$/i
const DNS_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?'
const DNS_NAME = new RegExp(`^(?=.{1,253}$)${DNS_LABEL}(?:\\.${DNS_LABEL})*$`)
const IP_ADDRESS = /^(?:[\d.]+|\[[0-9a-f:.]+\])$/
/** Browsers treat these as secure contexts, so a developer's local app may be allowed over plain http. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * The origin as a browser sends it in the Origin header (lower-case, punycode, no default port, no
 * trailing slash), or undefined when the text is not one we allow: `https://host[:port]`,
 * `https://*.host` for every subdomain, or `http://` for a loopback host.
 */
function normalizeOrigin(text: string): string | undefined {
  const match = ORIGIN_SHAPE.exec(text.trim())
  if (!match) return undefined
  const [, scheme = '', wildcard = '', host = '', port] = match
  let url: URL
  try {
    url = new URL(`${scheme}://${host}${port === undefined ? '' : `:${port}`}`)
  } catch {
    return undefined
  }
  const isIp = IP_ADDRESS.test(url.hostname)
  if (!isIp && !DNS_NAME.test(url.hostname)) return undefined
  if (wildcard !== '' && (isIp || port !== undefined)) return undefined
  if (url.protocol === 'http:' && (wildcard !== '' || !LOOPBACK_HOSTS.has(url.hostname))) return undefined
  return `${url.protocol}//${wildcard}${url.host}`
}

const ZAllowedOrigin = z
  .string()
  .max(MAX_ORIGIN_LENGTH)
  .transform((text, ctx) => {
    const origin = normalizeOrigin(text)
    if (origin !== undefined) return origin
    ctx.issues.push({
      code: 'custom',
      input: text,
      message:
        "must be an origin such as 'https://app.example.com', 'https://app.example.com:8443' or 'https://*.example.com'",
    })
    return z.NEVER
  })

/** An IANA zone name, stored as the runtime spells it ('europe/berlin' becomes 'Europe/Berlin'). */
const ZTimeZone = z
  .string()
  .max(100)
  .transform((zone, ctx) => {
    if (isValidTimeZone(zone))
      return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone
    ctx.issues.push({
      code: 'custom',
      input: zone,
      message: "must be an IANA time zone such as 'Europe/Berlin'",
    })
    return z.NEVER
  })

/** The settings a project's admin may change; each given field replaces the stored one. */
export const ZProjectUpdate = z
  .strictObject({
    name: z.string().trim().min(1).max(LIMITS.name),
    /** Empty allows every origin. Duplicates (after normalizing) are dropped. */
    allowedOrigins: z
      .array(ZAllowedOrigin)
      .max(MAX_ALLOWED_ORIGINS)
      .transform((origins) => [...new Set(origins)]),
    recontactDays: z.int().min(0).max(MAX_RECONTACT_DAYS),
    honorDoNotTrack: z.boolean(),
    timeZone: ZTimeZone,
    /** Hours a detractor's follow-up case has before it is overdue; applies to cases opened from now on. */
    followUpSlaHours: z.int().min(1).max(MAX_FOLLOW_UP_SLA_HOURS),
    /**
     * The traits whose trends split by value read rollups ('plan', 'account.region'): the whole list, which
     * replaces the stored one. A new trait is backfilled by a job; a trait left out loses its rollups.
     */
    segments: z
      .array(
        z.string().regex(TRAIT_NAME, {
          error: "must be a trait name: 1-100 letters, digits, '_', '.' or '-'",
        }),
      )
      .max(MAX_SEGMENTS)
      .transform((traits) => [...new Set(traits)]),
  })
  .partial()
  .refine((update) => Object.values(update).some((value) => value !== undefined), {
    error: 'must change at least one field',
  })

export const ZKeyCreate = z.strictObject({ label: z.string().trim().min(1).max(LIMITS.name) })

const iso = (time: number) => new Date(time).toISOString()

function projectJson(project: ProjectRecord, segments: readonly SegmentRecord[]) {
  return {
    ...project,
    createdAt: iso(project.createdAt),
    segments: segments.map((segment) => ({
      ...segment,
      declaredAt: iso(segment.declaredAt),
      readyAt: segment.readyAt === null ? null : iso(segment.readyAt),
    })),
  }
}

/** A secret key as listed: never the key itself, which is shown once when created and stored hashed. */
function keyJson(key: SecretKeyRecord) {
  return {
    ...key,
    createdAt: iso(key.createdAt),
    revokedAt: key.revokedAt === null ? null : iso(key.revokedAt),
  }
}

/**
 * The caller's project and its keys. There is no route to another project: the project is always the one
 * the secret key belongs to, so a key id of another project is simply not found.
 */
export function adminProjectRoutes({ database, now }: AdminProjectOptions) {
  const app = new Hono<AppEnv>()

  app.get('/project', async (c) => {
    const project = c.get('project')
    return c.json({ project: projectJson(project, await listSegments(database, project.id)) })
  })

  app.patch('/project', limitedBody, async (c) => {
    const { segments: traits, ...settings } = readBody(c, ZProjectUpdate)
    const projectId = c.get('project').id
    let segments: SegmentRecord[] | undefined
    if (traits !== undefined) {
      const declared = await declareSegments(database, projectId, traits, now())
      if (declared.started) signalJobStarted()
      segments = declared.segments
    }
    const project = await updateProject(database, projectId, settings)
    if (!project) throw notFound('project')
    return c.json({ project: projectJson(project, segments ?? (await listSegments(database, projectId))) })
  })

  app.get('/keys', async (c) => {
    const keys = await listSecretKeys(database, c.get('project').id)
    return c.json({ keys: keys.map(keyJson) })
  })

  app.post('/keys', limitedBody, async (c) => {
    const { label } = readBody(c, ZKeyCreate)
    const { key, secretKey } = await createSecretKey(database, c.get('project').id, label, now())
    // The only time the key is ever shown: no cache along the way may keep a copy.
    c.header('Cache-Control', 'no-store')
    return c.json({ key: keyJson(key), secretKey }, 201)
  })

  app.delete('/keys/:id', async (c) => {
    const result = await revokeSecretKeyUnlessLast(database, c.get('project').id, c.req.param('id'), now())
    if (result.outcome === 'not-found') throw notFound('secret key')
    if (result.outcome === 'last-active-key') {
      const message = "is the project's last active key; create another before revoking this one"
      throw conflictOn('id', message)
    }
    // Revoking a revoked key again changes nothing and answers the same, so a retry is harmless.
    return c.json({ key: keyJson(result.key) })
  })

  app.post('/keys/rotate-public', async (c) => {
    const publicKey = await rotatePublicKey(database, c.get('project').id)
    return c.json({ publicKey })
  })

  return app
}
