/**
 * A new id for an event, display, response or anonymous visitor. Ids are made in the browser so a retried
 * request, or a comment sent after its score, lands on the same record on the server. They start with the
 * time in base 36, nine digits wide, so that each sorts after the ids made before it: the server then
 * appends it to the end of its primary-key index instead of rewriting a random page of it per record.
 * `crypto.randomUUID` exists only in secure contexts (https, localhost); elsewhere four random 32-bit
 * numbers joined by '-' are as unguessable (128 bits). Either way the id is URL-safe and 18 to 46
 * characters long.
 */
export const newId = (): string =>
  `${Date.now().toString(36).padStart(9, '0')}-${
    crypto.randomUUID?.() ?? crypto.getRandomValues(new Uint32Array(4)).join('-')
  }`
