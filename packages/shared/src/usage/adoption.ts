import { shareOf } from './ratio'

/**
 * Share of active users who used a feature over the same period, 0 to 1; null when nobody was active.
 * Throws RangeError for negative counts or more feature users than active users.
 */
export function featureAdoption(featureUsers: number, activeUsers: number): number | null {
  return shareOf(featureUsers, activeUsers, { part: 'featureUsers', whole: 'activeUsers' })
}
