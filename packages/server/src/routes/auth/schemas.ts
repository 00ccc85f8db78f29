import { LIMITS } from '@heed/shared/schemas/limits'
import { z } from 'zod'
import { ROLES } from '../../store/users/users'
import { ZTeamEmail } from '../admin/team'

/** Long enough that guessing is hopeless at scrypt's cost; the cap keeps hashing a bounded cost. */
export const PASSWORD_LENGTH = { min: 10, max: 200 }

export const ZPassword = z
  .string()
  .min(PASSWORD_LENGTH.min, `must be at least ${PASSWORD_LENGTH.min} characters`)
  .max(PASSWORD_LENGTH.max, `must be at most ${PASSWORD_LENGTH.max} characters`)

export const ZSignIn = z.strictObject({
  email: z.string().trim().toLowerCase().min(1).max(LIMITS.name),
  // Not held to the length rule: a wrong password of any length is just wrong.
  password: z.string().min(1).max(PASSWORD_LENGTH.max),
})

export const ZSetPassword = z.strictObject({
  token: z.string().min(1).max(200),
  password: ZPassword,
})

export const ZInvite = z.strictObject({
  email: ZTeamEmail,
  name: z.string().trim().min(1).max(LIMITS.name).optional(),
  role: z.enum(ROLES),
})

/** A person's name when none is given: the e-mail's local part. */
export const nameFromEmail = (email: string) => email.split('@')[0] || email
