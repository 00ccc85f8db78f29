import { useCallback, useEffect, useState } from 'preact/hooks'
import { ApiFailure } from '../api'

export type Loaded<T> =
  | { state: 'loading'; reload: () => void }
  | { state: 'error'; message: string; reload: () => void }
  | { state: 'ready'; data: T; reload: () => void }

/** Runs `load` whenever `key` changes (a URL, a query), keeping only the newest answer. */
export function useApi<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const [result, setResult] = useState<{
    key: string
    state: 'ready' | 'error'
    data?: T
    message?: string
  }>()
  const [attempt, setAttempt] = useState(0)
  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  useEffect(() => {
    let current = true
    load().then(
      (data) => current && setResult({ key, state: 'ready', data }),
      (error: unknown) =>
        current &&
        setResult({
          key,
          state: 'error',
          message: error instanceof ApiFailure || error instanceof Error ? error.message : String(error),
        }),
    )
    return () => {
      current = false
    }
  }, [key, attempt])
  if (!result || result.key !== key) return { state: 'loading', reload }
  if (result.state === 'error') return { state: 'error', message: result.message ?? '', reload }
  return { state: 'ready', data: result.data as T, reload }
}
