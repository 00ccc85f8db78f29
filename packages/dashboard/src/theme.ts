import { useEffect, useState } from 'preact/hooks'

/** Light, dark, or the system's choice (the default), remembered in this browser. */
export type Theme = 'light' | 'dark' | 'system'

const KEY = 'heed-theme'

export function savedTheme(): Theme {
  const value = localStorage.getItem(KEY)
  return value === 'light' || value === 'dark' ? value : 'system'
}

const CHANGED = 'heed-theme-changed'

/**
 * A number that changes whenever the colours do (the person's choice, or the system's scheme): charts read
 * their colours when they draw, so they draw again on it.
 */
export function useThemeVersion(): number {
  const [version, setVersion] = useState(0)
  useEffect(() => {
    const bump = () => setVersion((n) => n + 1)
    const scheme = matchMedia('(prefers-color-scheme: dark)')
    scheme.addEventListener('change', bump)
    addEventListener(CHANGED, bump)
    return () => {
      scheme.removeEventListener('change', bump)
      removeEventListener(CHANGED, bump)
    }
  }, [])
  return version
}

export function applyTheme(theme: Theme): void {
  if (theme === 'system') {
    delete document.documentElement.dataset.theme
    localStorage.removeItem(KEY)
  } else {
    document.documentElement.dataset.theme = theme
    localStorage.setItem(KEY, theme)
  }
  dispatchEvent(new Event(CHANGED))
}
