/**
 * Where `text` falls in [0, 100), with a resolution of 0.01: the 32-bit FNV-1a hash of its UTF-16 code
 * units. Stable across page loads and browsers, so a person who is in a survey's sample stays in it.
 */
export const percentile = (text: string): number => {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return ((hash >>> 0) % 10_000) / 100
}
