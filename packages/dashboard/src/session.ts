import { createContext } from 'preact'
import { useContext } from 'preact/hooks'

export interface Me {
  user: { id: string; email: string; name: string; role: 'admin' | 'member' | 'viewer' }
  project: { id: string; name: string; timeZone: string }
  csrfToken: string
}

export const SessionContext = createContext<{ me: Me; signOut: () => void } | undefined>(undefined)

/** The signed-in person; pages under the layout are only drawn when there is one. */
export function useMe(): { me: Me; signOut: () => void } {
  const session = useContext(SessionContext)
  if (!session) throw new Error('not signed in')
  return session
}

export const canChange = (me: Me) => me.user.role !== 'viewer'
