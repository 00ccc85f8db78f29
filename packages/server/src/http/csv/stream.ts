import { type CsvCell, csvRecord } from './encode'

/** The byte-order mark Excel needs to read a CSV file as UTF-8 rather than the machine's code page. */
const BOM = '\uFEFF'

/**
 * A CSV body that reads its rows page by page: the next page is fetched only when the consumer (the
 * socket, through @hono/node-server's drain handling) asks for more, so a slow client holds the database
 * cursor back instead of the server buffering the whole export. Memory stays at one page whatever the size.
 */
export function csvStream(options: {
  header: readonly string[]
  pages: AsyncIterable<readonly (readonly CsvCell[])[]>
  bom: boolean
}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const iterator = options.pages[Symbol.asyncIterator]()
  let started = false
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let text = ''
        if (!started) {
          started = true
          text = (options.bom ? BOM : '') + csvRecord(options.header)
        }
        const next = await iterator.next()
        if (!next.done) for (const row of next.value) text += csvRecord(row)
        if (text.length > 0) controller.enqueue(encoder.encode(text))
        if (next.done) controller.close()
      },
      async cancel() {
        await iterator.return?.()
      },
    },
    // One page queued ahead at most: the socket's own buffer does the rest.
    { highWaterMark: 1 },
  )
}
