import { useState } from 'preact/hooks'

export interface TraitSegment {
  trait: string
  value: string
}

/**
 * A segment chosen by trait and value (`plan` is `pro`): a chip with a link out when one is chosen, else a
 * button that opens a two-field form. The page turns the choice into its URL, so the view stays shareable.
 */
export function SegmentPicker({
  segment,
  removeHref,
  onApply,
  formLabel,
  traitLabel,
}: {
  segment: TraitSegment | undefined
  removeHref: string
  onApply: (segment: TraitSegment) => void
  formLabel: string
  traitLabel: string
}) {
  const [open, setOpen] = useState(false)
  if (segment) {
    return (
      <span class="chip">
        {segment.trait} = {segment.value}
        <a href={removeHref} aria-label={`Remove the segment ${segment.trait} = ${segment.value}`}>
          ×
        </a>
      </span>
    )
  }
  if (!open) {
    return (
      <button type="button" class="button" onClick={() => setOpen(true)}>
        Segment…
      </button>
    )
  }
  return (
    <form
      class="segment-form"
      aria-label={formLabel}
      onSubmit={(event) => {
        event.preventDefault()
        const data = new FormData(event.currentTarget as HTMLFormElement)
        const trait = String(data.get('trait') ?? '').trim()
        const value = String(data.get('value') ?? '')
        if (trait && value) onApply({ trait, value })
      }}
    >
      <label class="inline-select">
        <span>{traitLabel}</span>
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
