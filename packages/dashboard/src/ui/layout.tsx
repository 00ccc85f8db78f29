import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { useMe } from '../session'
import { applyTheme, savedTheme, type Theme } from '../theme'

const NAV = [
  { path: '/app/', label: 'Overview' },
  { path: '/app/responses', label: 'Responses' },
  { path: '/app/cases', label: 'Cases' },
  { path: '/app/root-causes', label: 'Root causes' },
  { path: '/app/revenue', label: 'Revenue' },
  { path: '/app/usage', label: 'Usage' },
  { path: '/app/accounts', label: 'Accounts' },
  { path: '/app/report', label: 'Report' },
  { path: '/app/surveys', label: 'Surveys' },
  { path: '/app/settings', label: 'Settings' },
]

const NEXT_THEME: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' }

export function Layout({ children }: { children: ComponentChildren }) {
  const { me, signOut } = useMe()
  const { path } = useLocation()
  const [theme, setTheme] = useState(savedTheme())
  const current = (item: string) => (item === '/app/' ? path === '/app/' : path.startsWith(item))
  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href="/app/">
          Heed
        </a>
        <span class="project muted">{me.project.name}</span>
        <nav aria-label="Pages" class="nav">
          {NAV.map((item) => (
            <a key={item.path} href={item.path} aria-current={current(item.path) ? 'page' : undefined}>
              {item.label}
            </a>
          ))}
        </nav>
        <div class="account">
          <button
            type="button"
            class="button ghost"
            onClick={() => {
              const next = NEXT_THEME[theme]
              applyTheme(next)
              setTheme(next)
            }}
          >
            Theme: {theme}
          </button>
          <span class="muted who" title={me.user.email}>
            {me.user.name} · {me.user.role}
          </span>
          <button type="button" class="button ghost" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main class="main">{children}</main>
    </div>
  )
}
