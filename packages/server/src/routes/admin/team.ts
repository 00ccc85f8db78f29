import { LIMITS } from '@heed/shared/schemas/limits'
import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { invalidField } from '../../errors'
import { limitBody } from '../../http/body-limit'
import { readBody } from '../../http/read-body'
import { listTeam, putTeamMember, type TeamMember } from '../../store/team'

const MAX_BODY_BYTES = 16 * 1024

/** An e-mail as team members are known by: trimmed and lower-cased, so one person is one member. */
export const ZTeamEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(LIMITS.name)
  .pipe(z.email({ error: 'must be an e-mail address' }))

export const ACTOR_RULE = `must be 1 to ${LIMITS.name} characters without control characters`

/** Who changes a case: an e-mail or a name, as the caller's own tool knows them; shown in the history. */
export const ZActor = z
  .string()
  .trim()
  .min(1, ACTOR_RULE)
  .max(LIMITS.name, ACTOR_RULE)
  .regex(/^\P{Cc}*$/u, ACTOR_RULE)

export const ZTeamMemberPut = z.strictObject({
  name: z.string().trim().min(1).max(LIMITS.name),
  /** Inactive members keep their cases but are skipped by the rotation and cannot be given new ones. */
  active: z.boolean().default(true),
})

const iso = (time: number) => new Date(time).toISOString()

const memberJson = (member: TeamMember) => ({
  ...member,
  createdAt: iso(member.createdAt),
  updatedAt: iso(member.updatedAt),
})

/** The people follow-up cases go to: detractors of accounts without an owner are dealt out among them in turn. */
export function adminTeamRoutes({
  database,
  now,
}: {
  database: HeedDatabase
  now: () => number
}): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/', async (c) => {
    const members = await listTeam(database, c.get('project').id)
    return c.json({ members: members.map(memberJson) })
  })

  app.put('/:email', limitBody(MAX_BODY_BYTES), async (c) => {
    const email = ZTeamEmail.safeParse(c.req.param('email'))
    if (!email.success) throw invalidField('email', 'the path must end with an e-mail address')
    const { name, active } = readBody(c, ZTeamMemberPut)
    const { member, created } = await putTeamMember(
      database,
      c.get('project').id,
      { email: email.data, name, active },
      now(),
    )
    return c.json({ member: memberJson(member) }, created ? 201 : 200)
  })

  return app
}
