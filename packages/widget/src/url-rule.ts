import type { TUrlRule } from '@heed/shared/schemas/targeting'

/**
 * Whether the page's full URL (location.href, with query and fragment) meets the rule. Comparisons are
 * case-sensitive, as URL paths are. A glob's '*' stands for any run of characters, matched without regular
 * expressions so no pattern can make a page hang.
 *
 * Every rule is matched as a glob's literal parts: `equals v` is the glob `v`, `startsWith v` is `v*` and
 * `contains v` is `*v*` (built as parts, so a '*' in their value stays literal). The first part must start
 * the URL, the last must end it, and the ones between must appear in order without overlapping.
 */
export const matchesUrl = (url: string, { op, value }: TUrlRule): boolean => {
  const parts =
    op === 'glob'
      ? value.split('*')
      : op === 'equals'
        ? [value]
        : op === 'startsWith'
          ? [value, '']
          : ['', value, '']
  const last = parts.length - 1
  let from = 0
  return parts.every((part, index) => {
    const at = index === last ? url.length - part.length : index ? url.indexOf(part, from) : 0
    const found = at >= from && (index || !at) && url.startsWith(part, at)
    from = at + part.length
    return found
  })
}
