import { createHash } from 'node:crypto'
import { type FileHandle, open } from 'node:fs/promises'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { ContentCoding } from '../../http/accept-encoding'

const gzipped = promisify(gzip)
const brotlied = promisify(brotliCompress)

/** A file of a build as it is served: its bytes in every content coding, and their entity tag. */
export interface BuiltFile {
  /** Weak, because brotli, gzip and plain bytes share it: any of them satisfies a revalidation. */
  etag: string
  bodies: Record<ContentCoding, Uint8Array<ArrayBuffer>>
}

/**
 * Reads the files of a build when they are asked for, and keeps each one, compressed ahead, until it
 * changes on disk (its size or modification time): a rebuilt widget is served without a restart, and no
 * request waits for compression but the first after a build. Undefined when there is no such file.
 */
export function builtFileReader(): (path: string) => Promise<BuiltFile | undefined> {
  const cache = new Map<string, { version: string; file: BuiltFile }>()
  return async function readBuiltFile(path) {
    let handle: FileHandle
    try {
      handle = await open(path)
    } catch (error) {
      if (isMissing(error)) return undefined
      throw error
    }
    try {
      // Size and time from the open file itself, so they describe the bytes read from it below.
      const info = await handle.stat()
      if (!info.isFile()) return undefined
      const version = `${info.size}:${info.mtimeMs}`
      const cached = cache.get(path)
      if (cached?.version === version) return cached.file
      const file = await prepare(await handle.readFile())
      cache.set(path, { version, file })
      return file
    } finally {
      await handle.close()
    }
  }
}

async function prepare(content: Buffer): Promise<BuiltFile> {
  const [gzipBody, brotliBody] = await Promise.all([
    gzipped(content, { level: 9 }),
    brotlied(content, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    }),
  ])
  const hash = createHash('sha256').update(content).digest('base64url').slice(0, 27)
  // Plain arrays over memory of their own, which is what a response body takes: a Buffer may be a view
  // into a larger pool.
  const own = (bytes: Uint8Array) => new Uint8Array(bytes)
  return {
    etag: `W/"${hash}"`,
    bodies: { identity: own(content), gzip: own(gzipBody), br: own(brotliBody) },
  }
}

function isMissing(error: unknown): boolean {
  const code = error instanceof Error && 'code' in error ? error.code : undefined
  return code === 'ENOENT' || code === 'ENOTDIR'
}
