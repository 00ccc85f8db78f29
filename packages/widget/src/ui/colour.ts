/** The brand colour of surveys whose appearance names none, or names one the widget cannot read. */
export const DEFAULT_BRAND = '#4f46e5'

/** `colour` when it is '#rgb' or '#rrggbb'; otherwise the default, so nothing else ever reaches the CSS. */
export function brandColour(colour: string | undefined): string {
  return colour && /^#(?:[0-9a-f]{3}){1,2}$/i.test(colour) ? colour : DEFAULT_BRAND
}

/** Relative luminance as WCAG 2 defines it: 0 for black, 1 for white. */
function luminance(hex: string): number {
  const long = hex.length === 4 ? hex.replace(/\w/g, '$&$&') : hex
  const weights = [0.2126, 0.7152, 0.0722]
  let sum = 0
  for (let i = 0; i < 3; i++) {
    const channel = Number.parseInt(long.slice(1 + 2 * i, 3 + 2 * i), 16) / 255
    sum += weights[i]! * (channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4)
  }
  return sum
}

/**
 * White or black, whichever contrasts more with the brand colour behind a text. Pure black, not a softer
 * dark grey: with black the worse of the two choices still reaches 4.58:1, so any brand colour meets
 * WCAG AA (4.5:1) for the text on it.
 */
export function textOn(brand: string): string {
  const background = luminance(brand) + 0.05
  return 1.05 / background >= background / 0.05 ? '#fff' : '#000'
}
