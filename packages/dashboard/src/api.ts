/**
 * The one way the dashboard talks to the server: same-origin requests with the session cookie, the session's
 * CSRF token on every write, and the API's own error message when a request is refused.
 */

/** A refused or failed request, with the API's code and message (shown to the person as is). */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: string[] = [],
  ) {
    super(message)
    this.name = 'ApiFailure'
  }
}

let csrfToken = ''
/** Called when any request answers 401: the session has ended. */
let onSignedOut: () => void = () => {}

export function startSession(token: string, signedOut: () => void): void {
  csrfToken = token
  onSignedOut = signedOut
}

export type Query = Record<string, string | string[] | undefined>

/** `path?query`, repeating a parameter for each value of a list and leaving out undefined ones. */
export function withQuery(path: string, query: Query = {}): string {
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value])
      if (item !== undefined) search.append(name, item)
  }
  const text = search.toString()
  return text === '' ? path : `${path}?${text}`
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  accept = 'application/json',
): Promise<T> {
  const headers: Record<string, string> = { accept }
  if (method !== 'GET') headers['x-heed-csrf'] = csrfToken
  if (body !== undefined) headers['content-type'] = 'application/json'
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
  } catch {
    throw new ApiFailure(
      0,
      'network',
      'The server could not be reached. Check your connection and try again.',
    )
  }
  if (response.status === 204) return undefined as T
  if (response.ok && accept !== 'application/json') return (await response.text()) as T
  const json = (await response.json().catch(() => undefined)) as
    | { error?: { code: string; message: string; issues?: { field: string }[] } }
    | undefined
  if (!response.ok) {
    const error = json?.error
    if (response.status === 401 && !path.startsWith('/auth/v1/sign-in')) onSignedOut()
    throw new ApiFailure(
      response.status,
      error?.code ?? 'http',
      error?.message ?? `The server answered ${response.status}.`,
      (error?.issues ?? []).map((issue) => issue.field),
    )
  }
  return json as T
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query)),
  /** A text answer (e.g. a report as Markdown); a refusal is still the API's JSON error. */
  getText: (path: string, query?: Query) =>
    request<string>('GET', withQuery(path, query), undefined, 'text/markdown'),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
}
