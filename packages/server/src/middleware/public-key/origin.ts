import type { ProjectRecord } from '../../store/projects'

/** An origin taken apart: compared part by part, never as text, so no path or user name can pass for a host. */
interface OriginParts {
  scheme: string
  host: string
  /** The port the origin means, the scheme's default when none is written. */
  port: string
}

/** An allowed-origin pattern: one origin, or (`https://*.example.org`) every subdomain of a host. */
interface OriginPattern extends OriginParts {
  subdomains: boolean
}

const WILDCARD = /^(https?:\/\/)\*\.(.+)$/
const HOST = /^(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*|\[[0-9a-f:.]+\])$/
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' }

/**
 * No allowed origins means any origin. Otherwise the Origin header must be an origin as browsers send it
 * (scheme, host and port, nothing more) whose scheme, host and port equal a pattern's; `https://*.example.org`
 * allows every subdomain of example.org (not example.org itself) on that scheme and the pattern's port.
 */
export function originAllowed(project: Pick<ProjectRecord, 'allowedOrigins'>, origin: string): boolean {
  const allowed = project.allowedOrigins
  if (allowed.length === 0) return true
  const parts = originParts(origin)
  if (parts === undefined) return false
  // Patterns are stored as browsers write origins, so the usual case needs no more parsing.
  if (allowed.includes(origin)) return true
  return patternsOf(allowed).some((pattern) => matches(pattern, parts))
}

function matches(pattern: OriginPattern, origin: OriginParts): boolean {
  if (pattern.scheme !== origin.scheme || pattern.port !== origin.port) return false
  if (!pattern.subdomains) return pattern.host === origin.host
  return origin.host.length > pattern.host.length + 1 && origin.host.endsWith(`.${pattern.host}`)
}

/** The parts of an Origin header, or undefined unless it is exactly an http(s) origin's serialization. */
function originParts(origin: string): OriginParts | undefined {
  if (!URL.canParse(origin)) return undefined
  const url = new URL(origin)
  if (url.origin !== origin || DEFAULT_PORTS[url.protocol] === undefined) return undefined
  // Browsers send host names as lower-case ASCII (punycode) or IP addresses: `*` is a pattern's, not a host's.
  if (!HOST.test(url.hostname)) return undefined
  return { scheme: url.protocol, host: url.hostname, port: url.port || DEFAULT_PORTS[url.protocol]! }
}

// Parsed once per list: projects come from a cache, so the same array returns request after request.
const parsed = new WeakMap<readonly string[], OriginPattern[]>()

function patternsOf(allowed: readonly string[]): OriginPattern[] {
  let patterns = parsed.get(allowed)
  if (patterns === undefined) {
    patterns = allowed.flatMap((text) => {
      const wildcard = WILDCARD.exec(text)
      // The subdomain wildcard is parsed as a host in its place, to read the rest the way a URL would.
      const parts = originPartsOfPattern(wildcard ? `${wildcard[1]}${wildcard[2]}` : text)
      return parts === undefined ? [] : [{ ...parts, subdomains: wildcard !== null }]
    })
    parsed.set(allowed, patterns)
  }
  return patterns
}

/** A stored pattern's parts; a pattern with a path, query or user name matches nothing. */
function originPartsOfPattern(text: string): OriginParts | undefined {
  if (!URL.canParse(text)) return undefined
  const url = new URL(text)
  if (DEFAULT_PORTS[url.protocol] === undefined) return undefined
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return undefined
  if (url.pathname !== '/' && url.pathname !== '') return undefined
  return { scheme: url.protocol, host: url.hostname, port: url.port || DEFAULT_PORTS[url.protocol]! }
}
