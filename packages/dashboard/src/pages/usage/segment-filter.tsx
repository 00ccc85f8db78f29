import { useLocation } from 'preact-iso'
import { SegmentPicker } from '../../ui/segment-picker'
import { type UsageQuery, usageLink } from '../../usage-query'

/** The segment of accounts the page reads (`segment=plan:pro`); applying it is following a link. */
export function SegmentFilter({ query }: { query: UsageQuery }) {
  const { route } = useLocation()
  return (
    <SegmentPicker
      segment={query.segment}
      removeHref={usageLink(query, { segment: undefined })}
      onApply={(segment) => route(usageLink(query, { segment }))}
      formLabel="Segment of accounts"
      traitLabel="Account trait"
    />
  )
}
