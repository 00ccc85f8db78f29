import type { ComponentChildren } from 'preact'

/** A table that may be wider than a phone scrolls inside its own named region, which the keyboard can focus. */
export function ScrollRegion({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled without a mouse
    <section class="table-scroll scroll-region" tabIndex={0} aria-label={label}>
      {children}
    </section>
  )
}
