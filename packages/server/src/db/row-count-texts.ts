/** `count` copies of a VALUES row such as '(?, ?)', comma-separated. */
export const valueRows = (count: number, row: string) => Array.from({ length: count }, () => row).join(', ')

/**
 * A cache of statement texts that depend on a row count: a multi-row statement's text is written once per
 * name and count, so the connection's statement cache finds it prepared the next time.
 */
export function rowCountTexts(): (name: string, count: number, write: () => string) => string {
  const texts = new Map<string, string>()
  return (name, count, write) => {
    const key = `${name} ${count}`
    let text = texts.get(key)
    if (text === undefined) {
      text = write()
      texts.set(key, text)
    }
    return text
  }
}
