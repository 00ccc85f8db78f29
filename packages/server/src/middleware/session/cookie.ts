import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AppEnv } from '../../env'
import { isHttps, type ProxyTrust } from './request-origin'

export const SESSION_COOKIE = 'heed_session'

/**
 * The session cookie: out of scripts' reach (HttpOnly), not sent on cross-site subrequests or form posts
 * (SameSite=Lax), only over https when the browser reached us over https (Secure). No Max-Age: the
 * database decides when a session ends, and the browser forgets the cookie when it closes.
 */
export function setSessionCookie(c: Context<AppEnv>, token: string, trust: ProxyTrust): void {
  setCookie(c, SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c, trust),
  })
}

export function clearSessionCookie(c: Context<AppEnv>, trust: ProxyTrust): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isHttps(c, trust) })
}

export const sessionToken = (c: Context<AppEnv>): string | undefined =>
  getCookie(c, SESSION_COOKIE) || undefined
