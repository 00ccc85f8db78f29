import { useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { api, withQuery } from '../../api'
import { formatDateTime } from '../../format'
import { parseQuery, responseFilter } from '../../query-state'
import { canChange, useMe } from '../../session'
import { Empty, ErrorPanel, Loading } from '../../ui/states'
import { useApi } from '../../ui/use-api'
import { PeriodPicker } from '../overview/period-picker'
import { ResponseFilters, useChoices } from './filters'
import { TagEditor } from './tag-editor'

interface ResponseJson {
  id: string
  score: number | null
  bucket: string | null
  comment: string | null
  sentiment: string | null
  themes: string[]
  createdAt: string
  traits: Record<string, unknown>
}

interface Page {
  responses: ResponseJson[]
  nextCursor: string | null
}

const PAGE_SIZE = 25

export function ResponsesPage() {
  const { query: params } = useLocation()
  const query = parseQuery(params)
  // The cursor is part of the URL too: a page of the listing is a link like any other view.
  const cursor = params.after
  const filter = responseFilter(query, Math.floor(Date.now() / 60_000) * 60_000)
  const loaded = useApi(JSON.stringify({ ...filter, from: query.period, cursor }), () =>
    api.get<Page>('/admin/v1/responses', { ...filter, limit: String(PAGE_SIZE), cursor }),
  )
  const choices = useChoices()
  const themeLabel = (key: string) => choices?.themes.find((theme) => theme.key === key)?.label ?? key
  const [shown, setShown] = useState<string>()
  const [editing, setEditing] = useState<string>()
  const { me } = useMe()
  return (
    <section aria-labelledby="responses-title">
      <div class="page-head">
        <h1 id="responses-title">Responses</h1>
        <div class="pickers">
          <PeriodPicker query={query} path="/app/responses" />
          {/* The same filters as the list, every page of them: the file is the list on screen. */}
          <a class="button" href={withQuery('/admin/v1/exports/responses', filter)} download>
            Download CSV
          </a>
        </div>
      </div>
      <ResponseFilters query={query} choices={choices} />
      {loaded.state === 'loading' ? (
        <Loading label="Loading responses" />
      ) : loaded.state === 'error' ? (
        <ErrorPanel message={loaded.message} retry={loaded.reload} />
      ) : loaded.data.responses.length === 0 ? (
        <Empty title="No responses match">
          Try a longer period or fewer filters. <a href="/app/responses">Clear every filter</a>
        </Empty>
      ) : (
        <>
          <ul class="list" aria-label="Responses">
            {loaded.data.responses.map((response) => (
              <li key={response.id} class="row response">
                <span class={`badge bucket-${response.bucket ?? 'none'}`} title={response.bucket ?? ''}>
                  {response.score ?? '—'}
                </span>
                <div class="grow">
                  {response.comment ? (
                    <p class="comment">{response.comment}</p>
                  ) : (
                    <p class="comment muted">No comment</p>
                  )}
                  <p class="tags">
                    {response.sentiment && (
                      <span class={`tag sentiment-${response.sentiment}`}>{response.sentiment}</span>
                    )}
                    {response.themes.map((theme) => (
                      <span key={theme} class="tag">
                        {themeLabel(theme)}
                      </span>
                    ))}
                    {response.comment && canChange(me) && editing !== response.id && (
                      <button type="button" class="link small" onClick={() => setEditing(response.id)}>
                        Correct tags
                      </button>
                    )}
                  </p>
                  {editing === response.id && (
                    <TagEditor
                      responseId={response.id}
                      sentiment={response.sentiment}
                      themes={response.themes}
                      onCancel={() => setEditing(undefined)}
                      onSaved={() => {
                        setEditing(undefined)
                        loaded.reload()
                      }}
                    />
                  )}
                </div>
                <button
                  type="button"
                  class="link muted"
                  aria-expanded={shown === response.id}
                  onClick={() => setShown(shown === response.id ? undefined : response.id)}
                >
                  {formatDateTime(response.createdAt)}
                </button>
                {shown === response.id && (
                  <dl class="traits">
                    {Object.entries(response.traits).map(([name, value]) => (
                      <div key={name}>
                        <dt>{name}</dt>
                        <dd>{String(value)}</dd>
                      </div>
                    ))}
                  </dl>
                )}
              </li>
            ))}
          </ul>
          <Pager cursor={cursor} next={loaded.data.nextCursor} />
        </>
      )}
    </section>
  )
}

/** Cursor paging: "Newer" goes back to the first page, since cursors only lead forward. */
function Pager({ cursor, next }: { cursor: string | undefined; next: string | null }) {
  const { url } = useLocation()
  const at = new URL(url, location.origin)
  const withCursor = (value: string | undefined) => {
    const copy = new URL(at)
    if (value === undefined) copy.searchParams.delete('after')
    else copy.searchParams.set('after', value)
    return `${copy.pathname}${copy.search}`
  }
  return (
    <nav class="pager" aria-label="More results">
      {cursor !== undefined && <a href={withCursor(undefined)}>← First page</a>}
      {next !== null && <a href={withCursor(next)}>Next page →</a>}
    </nav>
  )
}
