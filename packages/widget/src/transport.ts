/** The answer to a POST: its HTTP status (0 when none came: offline, blocked, aborted) and its body. */
export type Reply = Pick<Response, 'status'> & Partial<Pick<Response, 'text'>>

/**
 * POSTs a JSON body and never rejects. A string body goes out as `text/plain;charset=UTF-8`, a "simple"
 * request that needs no CORS preflight (the server reads it as JSON). `keepalive` lets the request outlive
 * the page; should the browser refuse it (keepalive bodies share a 64 KB quota), sendBeacon queues it
 * instead, counted as accepted (202) because a beacon reports nothing back.
 */
export const post = async (url: string, body: unknown, keepalive?: boolean): Promise<Reply> => {
  const text = JSON.stringify(body)
  try {
    return await fetch(url, { method: 'POST', body: text, keepalive })
  } catch {
    return { status: keepalive && navigator.sendBeacon?.(url, text) ? 202 : 0 }
  }
}
