import { z } from 'zod'
import { LIMITS } from './limits'

/**
 * The address of the page a survey or event happened on: an absolute http(s) URL of at most 2048
 * characters. Other schemes are refused because dashboards render these as links, and a 'javascript:'
 * URL there would run script; a widget on a non-web page (file:, app schemes) leaves the URL out.
 */
export const ZPageUrl = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
  .max(LIMITS.url)
export type TPageUrl = z.infer<typeof ZPageUrl>
