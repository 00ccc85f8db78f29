import { useLocation } from 'preact-iso'
import { api } from '../../api'
import { KIND_LABELS } from '../../format'
import { BUCKETS, type DashboardQuery, linkTo, SENTIMENTS } from '../../query-state'
import { SegmentPicker } from '../../ui/segment-picker'
import { useApi } from '../../ui/use-api'

export interface Choices {
  surveys: { id: string; name: string; kind: keyof typeof KIND_LABELS }[]
  themes: { key: string; label: string }[]
}

const PATH = '/app/responses'

/** The surveys and themes the filters choose from; the list names its themes with the same labels. */
export function useChoices() {
  const choices = useApi('response-choices', async (): Promise<Choices> => {
    const [surveys, taxonomy] = await Promise.all([
      api.get<{ surveys: Choices['surveys'] }>('/admin/v1/surveys'),
      api.get<{ themes: Choices['themes'] }>('/admin/v1/taxonomy'),
    ])
    return { surveys: surveys.surveys, themes: taxonomy.themes }
  })
  return choices.state === 'ready' ? choices.data : undefined
}

/**
 * The responses' filters. Each is a change of the URL: a select follows its link as soon as it changes, so
 * the view on screen is always the one the address bar can share.
 */
export function ResponseFilters({ query, choices }: { query: DashboardQuery; choices: Choices | undefined }) {
  const { route } = useLocation()
  const surveys = choices?.surveys ?? []
  const themes = choices?.themes ?? []
  const go = (change: Partial<DashboardQuery>) => route(linkTo(PATH, query, change))
  const value = (event: Event) => (event.currentTarget as HTMLSelectElement).value
  return (
    <div class="filters">
      <nav class="segmented" aria-label="Bucket">
        <a href={linkTo(PATH, query, { bucket: undefined })} aria-current={query.bucket ? undefined : 'true'}>
          All
        </a>
        {BUCKETS.map((bucket) => (
          <a
            key={bucket}
            href={linkTo(PATH, query, { bucket })}
            aria-current={query.bucket === bucket ? 'true' : undefined}
          >
            {bucket[0]?.toUpperCase()}
            {bucket.slice(1)}s
          </a>
        ))}
      </nav>
      <a
        class="toggle"
        href={linkTo(PATH, query, { hasComment: query.hasComment ? undefined : true })}
        aria-current={query.hasComment ? 'true' : undefined}
      >
        With a comment
      </a>
      <label class="inline-select">
        <span>Survey</span>
        <select
          value={query.surveyId ?? ''}
          onChange={(event) => go({ surveyId: value(event) || undefined })}
        >
          <option value="">All surveys</option>
          {/* The survey of the URL stays choosable while the list loads, or if it is no longer listed. */}
          {query.surveyId && !surveys.some((survey) => survey.id === query.surveyId) && (
            <option value={query.surveyId}>{query.surveyId}</option>
          )}
          {surveys.map((survey) => (
            <option key={survey.id} value={survey.id}>
              {survey.name} ({KIND_LABELS[survey.kind]})
            </option>
          ))}
        </select>
      </label>
      <label class="inline-select">
        <span>Sentiment</span>
        <select
          value={query.sentiment ?? ''}
          onChange={(event) => go({ sentiment: (value(event) || undefined) as DashboardQuery['sentiment'] })}
        >
          <option value="">Any sentiment</option>
          {SENTIMENTS.map((sentiment) => (
            <option key={sentiment} value={sentiment}>
              {sentiment}
            </option>
          ))}
        </select>
      </label>
      <label class="inline-select">
        <span>Theme</span>
        <select value={query.theme ?? ''} onChange={(event) => go({ theme: value(event) || undefined })}>
          <option value="">Any theme</option>
          {query.theme && !themes.some((theme) => theme.key === query.theme) && (
            <option value={query.theme}>{query.theme}</option>
          )}
          {themes.map((theme) => (
            <option key={theme.key} value={theme.key}>
              {theme.label}
            </option>
          ))}
        </select>
      </label>
      <SegmentPicker
        segment={query.segment && { trait: query.segment.name, value: query.segment.value }}
        removeHref={linkTo(PATH, query, { segment: undefined })}
        onApply={({ trait, value }) => go({ segment: { name: trait, value } })}
        formLabel="Segment"
        traitLabel="Trait"
      />
    </div>
  )
}
