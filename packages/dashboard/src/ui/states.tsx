import type { ComponentChildren } from 'preact'

/** Shown while a panel's data loads: the panel keeps its place, so nothing jumps when it arrives. */
export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <div class="state state-loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label}…
    </div>
  )
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state state-empty">
      <p class="state-title">{title}</p>
      {children && <p class="muted">{children}</p>}
    </div>
  )
}

/** A failed request or a crashed panel, with the API's message and a way to try again. */
export function ErrorPanel({ message, retry }: { message: string; retry?: () => void }) {
  return (
    <div class="state state-error" role="alert">
      <p class="state-title">Something went wrong</p>
      <p>{message}</p>
      {retry && (
        <button type="button" class="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  )
}
