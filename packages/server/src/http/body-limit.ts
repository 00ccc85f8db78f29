import { bodyLimit } from 'hono/body-limit'
import { ApiError } from '../errors'

/** Refuses bodies over `maxSize` bytes with 413, streamed bodies included, before anything reads them. */
export const limitBody = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `the body must be at most ${maxSize} bytes`, [
        { field: 'body', message: `must be at most ${maxSize} bytes` },
      ])
    },
  })
