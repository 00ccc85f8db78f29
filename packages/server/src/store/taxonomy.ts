import { THEME_LIMITS, type Theme, type TThemeDefinition, taxonomyWith } from '@heed/shared/text/themes'
import type { HeedDatabase } from '../db/open'
import { query, type SqlWork } from '../db/work'
import { parseJsonArray } from './json'

interface ThemeRow {
  key: string
  label: string
  keywords: string
  phrases: string
  excludes: string
}

const strings = (text: string) => parseJsonArray(text).filter((item) => typeof item === 'string')

const toTheme = (row: ThemeRow): Theme => ({
  key: row.key,
  label: row.label,
  keywords: strings(row.keywords),
  phrases: strings(row.phrases),
  excludes: strings(row.excludes),
  custom: true,
})

const SELECT_CUSTOM =
  'SELECT key, label, keywords, phrases, excludes FROM taxonomy_themes WHERE project_id = ? ORDER BY created_at, key'

/** The project's taxonomy inside a transaction: what a re-tag chunk tags with is what is committed then. */
export function* taxonomyWork(projectId: string): SqlWork<Theme[]> {
  const { rows } = yield* query<ThemeRow>(SELECT_CUSTOM, [projectId])
  return taxonomyWith(rows.map(toTheme))
}

/** The default themes followed by the project's own, oldest first. */
export async function loadTaxonomy(database: HeedDatabase, projectId: string): Promise<Theme[]> {
  const rows = await database.db
    .selectFrom('taxonomy_themes')
    .select(['key', 'label', 'keywords', 'phrases', 'excludes'])
    .where('project_id', '=', projectId)
    .orderBy('created_at')
    .orderBy('key')
    .execute()
  return taxonomyWith(rows.map(toTheme))
}

const UPSERT_THEME = `INSERT INTO taxonomy_themes (project_id, key, label, keywords, phrases, excludes, custom,
created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)
ON CONFLICT (project_id, key) DO UPDATE SET label = excluded.label, keywords = excluded.keywords,
phrases = excluded.phrases, excludes = excluded.excludes, updated_at = excluded.updated_at`

/**
 * Creates or replaces one of the project's own themes and says which it did, or 'full' (nothing written)
 * when a new one would pass the limit on a project's own themes.
 */
export function* putThemeWork(
  projectId: string,
  key: string,
  theme: TThemeDefinition,
  now: number,
): SqlWork<'created' | 'replaced' | 'full'> {
  const { rows } = yield* query<{ key: string }>('SELECT key FROM taxonomy_themes WHERE project_id = ?', [
    projectId,
  ])
  const exists = rows.some((row) => row.key === key)
  if (!exists && rows.length >= THEME_LIMITS.customThemes) return 'full'
  yield* query(UPSERT_THEME, [
    projectId,
    key,
    theme.label,
    JSON.stringify(theme.keywords),
    JSON.stringify(theme.phrases),
    JSON.stringify(theme.excludes),
    now,
    now,
  ])
  return exists ? 'replaced' : 'created'
}

/** Removes one of the project's own themes; false when it had none by that key. */
export function* deleteThemeWork(projectId: string, key: string): SqlWork<boolean> {
  const { changes } = yield* query('DELETE FROM taxonomy_themes WHERE project_id = ? AND key = ?', [
    projectId,
    key,
  ])
  return changes > 0
}
