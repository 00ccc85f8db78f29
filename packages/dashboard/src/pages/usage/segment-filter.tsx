import { useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { type UsageQuery, usageLink } from '../../usage-query'

/**
 * The segment of accounts the page reads (`segment=plan:pro`): a chip with a way out when one is chosen,
 * else a button that opens a two-field form. Applying it is following a link, so the view stays shareable.
 */
export function SegmentFilter({ query }: { query: UsageQuery }) {
  const { route } = useLocation()
  const [open, setOpen] = useState(false)
  if (query.segment) {
    const { trait, value } = query.segment
    return (
      <span class="chip">
        {trait} = {value}
        <a
          href={usageLink(query, { segment: undefined })}
          aria-label={`Remove the segment ${trait} = ${value}`}
        >
          ×
        </a>
      </span>
    )
  }
  if (!open)
    return (
      <button type="button" class="button" onClick={() => setOpen(true)}>
        Segment…
      </button>
    )
  return (
    <form
      class="segment-form"
      aria-label="Segment of accounts"
      onSubmit={(event) => {
        event.preventDefault()
        const data = new FormData(event.currentTarget as HTMLFormElement)
        const trait = String(data.get('trait') ?? '').trim()
        const value = String(data.get('value') ?? '')
        if (trait && value) route(usageLink(query, { segment: { trait, value } }))
      }}
    >
      <label class="inline-select">
        <span>Account trait</span>
        {/* biome-ignore lint/a11y/noAutofocus: the field appears because the person asked for it */}
        <input name="trait" required pattern="[\w.\-]{1,100}" placeholder="plan" size={8} autoFocus />
      </label>
      <label class="inline-select">
        <span>is</span>
        <input name="value" required maxLength={200} placeholder="pro" size={8} />
      </label>
      <button type="submit" class="button">
        Apply
      </button>
    </form>
  )
}
