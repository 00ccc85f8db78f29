import type { HeedDatabase } from '../db/open'
import { hashPassword } from '../store/users/password'
import { createUser, findUserByEmail, setPasswordWithToken } from '../store/users/users'

/**
 * The demo's dashboard login, printed by `heed demo`. A fixed password is fine here: the demo's data is made
 * up and the demo listens on loopback unless told otherwise.
 */
export const DEMO_LOGIN = { email: 'demo@example.com', password: 'heed-demo-password', name: 'Demo Admin' }

/** Adds the demo's admin, with the demo password, unless the demo already has them. */
export async function ensureDemoUser(database: HeedDatabase, projectId: string, now: number): Promise<void> {
  if (await findUserByEmail(database, DEMO_LOGIN.email)) return
  const created = await createUser(
    database,
    { projectId, email: DEMO_LOGIN.email, name: DEMO_LOGIN.name, role: 'admin' },
    now,
  )
  if (created.outcome !== 'created') return
  await setPasswordWithToken(database, created.token, await hashPassword(DEMO_LOGIN.password), now)
}
