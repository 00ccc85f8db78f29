/** Languages written right to left: Arabic, Hebrew (also as the old 'iw'), Persian, Urdu, Pashto, Yiddish, Dhivehi, Sindhi, Uyghur, Sorani. */
const RIGHT_TO_LEFT = /^(?:ar|he|iw|fa|ur|ps|yi|dv|sd|ug|ckb)(?:[-_]|$)/i

/** The writing direction of a locale tag, for the `dir` attribute. */
export function directionOf(locale: string): 'rtl' | 'ltr' {
  return RIGHT_TO_LEFT.test(locale) ? 'rtl' : 'ltr'
}
