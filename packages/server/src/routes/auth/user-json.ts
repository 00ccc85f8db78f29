import type { User } from '../../store/users/users'

export const userJson = (user: User) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  active: user.active,
  createdAt: new Date(user.createdAt).toISOString(),
})
