/** Values that also live here, for this page only, when localStorage refuses them. */
const memory: Record<string, unknown> = {}

/**
 * A JSON value kept across page loads. localStorage may be missing or throw on any access (Safari private
 * mode, sandboxed iframes, storage disabled, quota exceeded); then the copy in memory serves, so the widget
 * works for the life of the page. Reads go to localStorage first so tabs see each other's writes.
 */
export const load = <T>(key: string): T | undefined => {
  try {
    return JSON.parse(localStorage.getItem(key)!) ?? memory[key]
  } catch {
    return memory[key] as T
  }
}

export const save = (key: string, value: unknown): void => {
  memory[key] = value
  try {
    localStorage.setItem(key, JSON.stringify(value))
  } catch {}
}
