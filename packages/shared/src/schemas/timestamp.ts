import { z } from 'zod'

/**
 * A moment as ISO 8601 text with an explicit time zone ('2024-05-01T12:00:00Z', '…+02:00'). A zone is
 * required because a local time cannot be placed on the UTC timeline the server stores.
 */
export const ZTimestamp = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time with a time zone, e.g. 2024-05-01T12:00:00Z',
})
export type TTimestamp = z.infer<typeof ZTimestamp>
