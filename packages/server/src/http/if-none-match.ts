const opaque = (tag: string) => tag.trim().replace(/^W\//, '')

/**
 * Whether an If-None-Match header names the entity tag, so a GET may answer 304. The comparison is weak
 * (RFC 9110, 13.1.2), ignoring `W/`, over the header's comma-separated list; `*` names any current entity.
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  if (header.trim() === '*') return true
  const wanted = opaque(etag)
  return header.split(',').some((tag) => opaque(tag) === wanted)
}
