/**
 * A new random id for an event, display, response or anonymous visitor. Ids are made in the browser so a
 * retried request, or a comment sent after its score, lands on the same record on the server.
 * `crypto.randomUUID` exists only in secure contexts (https, localhost); elsewhere four random 32-bit
 * numbers joined by '-' are as unguessable (128 bits), URL-safe, and 8 to 43 characters long (fewer than
 * 8 only when three of the four numbers are below 10: never, in practice).
 */
export const newId = (): string =>
  crypto.randomUUID?.() ?? crypto.getRandomValues(new Uint32Array(4)).join('-')
